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

    public static IReadOnlyDictionary<string, WorkflowDefinition> Definitions { get; } = LoadAll();

    public static EngineContext Context() => new(Calendar, Catalogue, EngineContext.SortableIds);

    private static Dictionary<string, WorkflowDefinition> LoadAll()
    {
        var result = Loader.Load(Sources());
        return result.IsValid
            ? result.Definitions.ToDictionary(d => d.Id)
            : throw new InvalidOperationException(string.Join(Environment.NewLine, result.Errors));
    }
}
