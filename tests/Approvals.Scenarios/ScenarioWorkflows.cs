using Approvals.Engine.Calendar;
using Approvals.Engine.Definitions;
using Approvals.Engine.Runtime;

namespace Approvals.Scenarios;

/// <summary>The real workflows folder, as the test build copied it: catalogue, calendar, definitions.</summary>
public static class ScenarioWorkflows
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "workflows");

    public static Catalogue Catalogue { get; } = Catalogue.Parse(File.ReadAllText(Path.Combine(Folder, "catalogue.json")), "catalogue.json");

    public static WorkingDayCalendar Calendar { get; } = new(CalendarData.Parse(
        File.ReadAllText(Path.Combine(Folder, "calendar", "cn-statutory.json")), "cn-statutory.json"));

    public static DefinitionLoader Loader { get; } = DefinitionLoader.CreateAsync(Catalogue).GetAwaiter().GetResult();

    public static IReadOnlyList<DefinitionSource> Sources() =>
        [.. Directory.GetFiles(Path.Combine(Folder, "definitions"), "*.json").Order(StringComparer.Ordinal)
            .Select(f => new DefinitionSource("definitions/" + Path.GetFileName(f), File.ReadAllText(f)))];

    /// <summary>Every version of every definition in the folder.</summary>
    public static IReadOnlyList<WorkflowDefinition> AllVersions { get; } = LoadAll();

    /// <summary>The newest version of each definition, by id: what a new instance starts on, as the service does.</summary>
    public static IReadOnlyDictionary<string, WorkflowDefinition> Definitions { get; } =
        AllVersions.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.MaxBy(d => d.Version)!);

    /// <summary>One version of a definition: what an instance started on it keeps running.</summary>
    public static WorkflowDefinition Definition(string id, int version) =>
        AllVersions.SingleOrDefault(d => d.Id == id && d.Version == version)
            ?? throw new KeyNotFoundException($"{id} version {version} is not in {Folder}.");

    public static EngineContext Context() => new(Calendar, Catalogue, EngineContext.SortableIds);

    private static List<WorkflowDefinition> LoadAll()
    {
        var result = Loader.Load(Sources());
        return result.IsValid
            ? [.. result.Definitions]
            : throw new InvalidOperationException(string.Join(Environment.NewLine, result.Errors));
    }
}
