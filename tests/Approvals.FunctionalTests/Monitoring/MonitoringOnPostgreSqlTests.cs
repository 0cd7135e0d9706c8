using Approvals.Server.Demo;
using Approvals.Testing;

namespace Approvals.FunctionalTests.Monitoring;

/// <summary>The managers' views on PostgreSQL, whose SQL differs (timestamps with time zone, string concatenation, grouping).</summary>
public sealed class MonitoringOnPostgreSqlTests : MonitoringScenario
{
    private readonly PostgresTestDatabase _database;

    public MonitoringOnPostgreSqlTests()
        : this(PostgresTestDatabase.Reserve())
    {
    }

    private MonitoringOnPostgreSqlTests(PostgresTestDatabase database)
        : base(new ManualClock(Start), new Dictionary<string, string?>
        {
            ["Approvals:Database:Provider"] = "PostgreSQL", ["ConnectionStrings:Approvals"] = database.ConnectionString,
        }) => _database = database;

    public override async ValueTask InitializeAsync()
    {
        await _database.CreateOnServerAsync();
        await base.InitializeAsync();
    }

    // Server mode has no demo users; the test gives itself the demo organisations and users.
    protected override Task PrepareAsync() => DemoData.SeedAsync(Factory.Services, Start, Ct);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }
}
