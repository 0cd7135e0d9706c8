using System.Net;
using Approvals.Server.Demo;
using Approvals.Testing;

namespace Approvals.IntegrationTests.Messaging;

/// <summary>A service node in server mode (PostgreSQL and RabbitMQ) with the demo organisations and users, and a small Jiaxing project for it.</summary>
public static class ServerNode
{
    public static object Project(string name) => new
    {
        name, definitionId = "jiaxing", townCode = "330421102", area = 1200m,
        villages = new[] { new { code = "330421102201", name = "北鹤村", electorate = 300, households = 110 } },
        subProjects = new[]
        {
            new { key = "sp-farmland", name = "高标准农田建设", department = "agriculture-rural" },
            new { key = "sp-river", name = "农村河道整治", department = "water-resources" },
        },
    };

    public static async Task<(ApprovalsWebFactory Node, ApiSession Api)> StartAsync(
        PostgresTestDatabase database, Uri broker, CancellationToken cancellationToken, IDictionary<string, string?>? settings = null,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null, DateTimeOffset? seededAt = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Approvals:Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:Approvals"] = database.ConnectionString,
            ["Approvals:Bus:Transport"] = "RabbitMQ",
            ["ConnectionStrings:RabbitMQ"] = broker.ToString(),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var node = new ApprovalsWebFactory(all, services);
        var client = node.CreateClient();

        // Server mode has no demo users; the test gives itself the demo organisations and users.
        await DemoData.SeedAsync(node.Services, seededAt ?? DateTimeOffset.UtcNow, cancellationToken);
        await ReadinessProbe.WaitAsync(client, HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        return (node, new ApiSession(client, DemoData.Password));
    }
}
