using Approvals.Scenarios;

namespace Approvals.Engine.Tests.Runtime;

/// <summary>Every regional scenario, through the engine alone (state in memory).</summary>
public class RegionalScenarioTests
{
    public static TheoryData<string> Scenarios => [.. RegionalScenarios.All.Keys];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Scenario_runs_in_memory(string scenario)
    {
        await using var driver = new InMemoryProcessDriver();
        await RegionalScenarios.All[scenario](new Process(driver));
    }
}
