using Approvals.Engine.Definitions;
using Approvals.Engine.Runtime;
using Approvals.Scenarios;

namespace Approvals.Benchmarks;

/// <summary>The benchmark's process (fork → 5 department reviews → join) and a project to run it for.</summary>
public static class Shape
{
    public const string File = "fork-five-reviews.v1.json";

    public static string Json { get; } = System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, File));

    public static WorkflowDefinition Definition { get; } = Load();

    public static ProjectSnapshot Project(int n) => new(
        $"bench-{n}", "基准项目", new Jurisdictions("330000", "330400", "330421", "330421102"), "org:bench",
        [], [], [], Facts.None);

    private static WorkflowDefinition Load()
    {
        var result = ScenarioWorkflows.Loader.Load([new DefinitionSource(File, Json)]);
        return result.IsValid ? result.Definitions[0] : throw new InvalidOperationException(string.Join('\n', result.Errors));
    }
}
