using Approvals.Engine.Calendar;
using Approvals.Engine.Definitions;

namespace Approvals.Runtime.Definitions;

/// <summary>What a workflows folder holds once read and checked. Usable only when <see cref="Errors"/> is empty.</summary>
public sealed record WorkflowSet(
    Catalogue? Catalogue,
    CalendarData? Calendar,
    DefinitionLoader? Loader,
    IReadOnlyList<(WorkflowDefinition Definition, string Json)> Definitions,
    IReadOnlyList<DefinitionError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Reads a workflows folder from disk: <c>catalogue.json</c>, <c>calendar/cn-statutory.json</c> and
/// <c>definitions/*.json</c>. File names in errors are relative to the folder, as a person editing it sees them.
/// </summary>
public static class WorkflowFolder
{
    public const string CatalogueFile = "catalogue.json";
    public const string CalendarFile = "calendar/cn-statutory.json";
    public const string DefinitionsFolder = "definitions";

    public static async Task<WorkflowSet> LoadAsync(string directory, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            return Failed(directory, "no such folder");
        }

        var errors = new List<DefinitionError>();
        var calendar = await ReadCalendarAsync(directory, errors, cancellationToken);
        var cataloguePath = Path.Combine(directory, CatalogueFile);
        if (!File.Exists(cataloguePath))
        {
            return Failed(CatalogueFile, $"missing: {directory} has no {CatalogueFile}");
        }

        Catalogue catalogue;
        try
        {
            catalogue = Catalogue.Parse(await File.ReadAllTextAsync(cataloguePath, cancellationToken), CatalogueFile);
        }
        catch (DefinitionException ex)
        {
            return new WorkflowSet(null, calendar, null, [], [.. errors, .. ex.Errors]);
        }

        var definitionsPath = Path.Combine(directory, DefinitionsFolder);
        var sources = new List<DefinitionSource>();
        var files = Directory.Exists(definitionsPath) ? Directory.GetFiles(definitionsPath, "*.json") : [];
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            sources.Add(new DefinitionSource(Path.GetRelativePath(directory, file).Replace('\\', '/'), await File.ReadAllTextAsync(file, cancellationToken)));
        }

        if (sources.Count == 0)
        {
            errors.Add(new DefinitionError(DefinitionsFolder, "$", "no definitions (*.json) found"));
        }

        var loader = await DefinitionLoader.CreateAsync(catalogue);
        var result = loader.Load(sources);
        errors.AddRange(result.Errors);
        return new WorkflowSet(catalogue, calendar, loader,
            [.. result.Definitions.Select(d => (d, sources.First(s => s.File == d.File).Json))], errors);
    }

    private static async Task<CalendarData?> ReadCalendarAsync(string directory, List<DefinitionError> errors, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, CalendarFile);
        if (!File.Exists(path))
        {
            errors.Add(new DefinitionError(CalendarFile, "$", "missing: the working-day calendar is needed for every time limit"));
            return null;
        }

        try
        {
            return CalendarData.Parse(await File.ReadAllTextAsync(path, cancellationToken), CalendarFile);
        }
        catch (CalendarDataException ex)
        {
            errors.Add(new DefinitionError(CalendarFile, ex.JsonPath, ex.Problem));
            return null;
        }
    }

    private static WorkflowSet Failed(string file, string message) => new(null, null, null, [], [new DefinitionError(file, "$", message)]);
}
