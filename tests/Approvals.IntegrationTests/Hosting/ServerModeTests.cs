using System.Net;
using Approvals.IntegrationTests.Messaging;
using Approvals.Persistence;
using Approvals.Persistence.Migrations;
using Approvals.Testing;

namespace Approvals.IntegrationTests.Hosting;

/// <summary>The service configured for PostgreSQL and RabbitMQ, as in production.</summary>
[Collection(SharedBroker.Name)]
public class ServerModeTests
{
    private static Dictionary<string, string?> ServerMode(string database, Uri broker, bool migrateAtStart = true) => new()
    {
        ["Approvals:Database:Provider"] = "PostgreSQL",
        ["ConnectionStrings:Approvals"] = database,
        ["Approvals:Database:MigrateAtStart"] = migrateAtStart.ToString(),
        ["Approvals:Bus:Transport"] = "RabbitMQ",
        ["ConnectionStrings:RabbitMQ"] = broker.ToString(),
    };

    [Fact]
    public async Task On_PostgreSQL_and_RabbitMQ_the_service_migrates_and_reports_ready()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var factory = new ApprovalsWebFactory(ServerMode(database.ConnectionString, TestServers.RabbitMq));
        using var client = factory.CreateClient();

        var ready = await ReadinessProbe.WaitAsync(client, HttpStatusCode.OK, TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal($"PostgreSQL reachable, schema version {MigrationCatalog.For(DatabaseProvider.PostgreSql).Count}", ready.Check("database").GetProperty("description").GetString());
        Assert.Equal("Healthy", ready.Check("bus").GetProperty("status").GetString());
    }

    [Fact]
    public async Task When_the_database_is_down_readiness_is_503_and_names_the_database()
    {
        var unreachable = $"Host=127.0.0.1;Port={TestServers.ClosedPort()};Username=approvals;Password=pw;Timeout=3";
        await using var factory = new ApprovalsWebFactory(ServerMode(unreachable, TestServers.RabbitMq, migrateAtStart: false));
        using var client = factory.CreateClient();

        var ready = await ReadinessProbe.WaitAsync(client, HttpStatusCode.OK, TimeSpan.FromSeconds(5));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        var database = ready.Check("database");
        Assert.Equal("Unhealthy", database.GetProperty("status").GetString());
        Assert.StartsWith("Cannot connect to the PostgreSQL database", database.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_broker_is_down_readiness_is_503_and_names_the_bus()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var unreachable = new Uri($"amqp://guest:guest@127.0.0.1:{TestServers.ClosedPort()}/");
        await using var factory = new ApprovalsWebFactory(ServerMode(database.ConnectionString, unreachable));
        using var client = factory.CreateClient();

        var ready = await ReadinessProbe.WaitAsync(client, HttpStatusCode.OK, TimeSpan.FromSeconds(5));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.NotEqual("Healthy", ready.Check("bus").GetProperty("status").GetString());
        Assert.Equal("Healthy", ready.Check("database").GetProperty("status").GetString());
    }
}
