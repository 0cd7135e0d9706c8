using Approvals.Engine.Definitions;

namespace Approvals.Server.Workflows;

/// <summary>
/// Reads a workflows folder from disk: <c>catalogue.json</c> and <c>definitions/*.json</c>. File names in
/// errors are relative to the folder, as a person editing it sees them.
/// </summary>
public static class WorkflowFolder
{
    public const string CatalogueFile = "catalogue.json";
    public const string DefinitionsFolder = "definitions";

    public static async Task<(Catalogue? Catalogue, DefinitionLoadResult Result)> LoadAsync(string directory, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            return (null, Failed(directory, "$", "no such folder"));
        }

        var cataloguePath = Path.Combine(directory, CatalogueFile);
        if (!File.Exists(cataloguePath))
        {
            return (null, Failed(CatalogueFile, "$", $"missing: {directory} has no {CatalogueFile}"));
        }

        Catalogue catalogue;
        try
        {
            catalogue = Catalogue.Parse(await File.ReadAllTextAsync(cataloguePath, cancellationToken), CatalogueFile);
        }
        catch (DefinitionException ex)
        {
            return (null, new DefinitionLoadResult([], ex.Errors));
        }

        var definitionsPath = Path.Combine(directory, DefinitionsFolder);
        var files = Directory.Exists(definitionsPath)
            ? Directory.GetFiles(definitionsPath, "*.json").Order(StringComparer.Ordinal).ToList()
            : [];
        var sources = new List<DefinitionSource>();
        foreach (var file in files)
        {
            sources.Add(new DefinitionSource(
                Path.GetRelativePath(directory, file).Replace('\\', '/'),
                await File.ReadAllTextAsync(file, cancellationToken)));
        }

        var loader = await DefinitionLoader.CreateAsync(catalogue);
        var result = loader.Load(sources);
        return sources.Count == 0
            ? (catalogue, Failed(DefinitionsFolder, "$", "no definitions (*.json) found"))
            : (catalogue, result);
    }

    private static DefinitionLoadResult Failed(string file, string path, string message) => new([], [new DefinitionError(file, path, message)]);
}
