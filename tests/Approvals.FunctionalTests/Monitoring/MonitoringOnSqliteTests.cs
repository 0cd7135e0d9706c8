using Approvals.Testing;

namespace Approvals.FunctionalTests.Monitoring;

/// <summary>The managers' views on the embedded default (with the demo projects too).</summary>
public sealed class MonitoringOnSqliteTests() : MonitoringScenario(new ManualClock(Start), new Dictionary<string, string?> { ["Approvals:DemoProjects"] = "true" });
