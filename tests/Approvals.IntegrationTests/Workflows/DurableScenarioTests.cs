using Approvals.Persistence;
using Approvals.Scenarios;

namespace Approvals.IntegrationTests.Workflows;

/// <summary>Every regional scenario through the durable runtime, on SQLite and on PostgreSQL.</summary>
public class DurableScenarioTests
{
    public static TheoryData<string, DatabaseProvider> Cases
    {
        get
        {
            var cases = new TheoryData<string, DatabaseProvider>();
            foreach (var scenario in RegionalScenarios.All.Keys)
            {
                cases.Add(scenario, DatabaseProvider.Sqlite);
                cases.Add(scenario, DatabaseProvider.PostgreSql);
            }

            return cases;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Scenario_runs_durably(string scenario, DatabaseProvider provider)
    {
        await using var driver = await DurableProcessDriver.CreateAsync(provider);
        await RegionalScenarios.All[scenario](new Process(driver));
    }
}
