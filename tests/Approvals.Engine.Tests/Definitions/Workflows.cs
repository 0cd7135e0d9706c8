using Approvals.Engine.Definitions;

namespace Approvals.Engine.Tests.Definitions;

/// <summary>The real workflows folder as the test run copied it: the catalogue, the definitions, a loader.</summary>
internal static class Workflows
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "workflows");

    public static Catalogue Catalogue { get; } =
        Catalogue.Parse(File.ReadAllText(Path.Combine(Folder, "catalogue.json")), "catalogue.json");

    public static DefinitionLoader Loader { get; } = DefinitionLoader.CreateAsync(Catalogue).GetAwaiter().GetResult();

    public static string Definition(string id, int version = 1) =>
        File.ReadAllText(Path.Combine(Folder, "definitions", $"{id}.v{version}.json"));

    public static IReadOnlyList<DefinitionSource> AllDefinitions() =>
        [.. Directory.GetFiles(Path.Combine(Folder, "definitions"), "*.json").Order(StringComparer.Ordinal)
            .Select(f => new DefinitionSource("definitions/" + Path.GetFileName(f), File.ReadAllText(f)))];
}
