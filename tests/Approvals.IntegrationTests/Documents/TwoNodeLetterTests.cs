using System.Net;
using Approvals.IntegrationTests.Messaging;
using Approvals.Persistence;
using Approvals.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.IntegrationTests.Documents;

/// <summary>Two nodes on one PostgreSQL database issue letters at once: each request becomes one letter, numbered without gaps or repeats.</summary>
public sealed class TwoNodeLetterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Letters need no broker: each node keeps its bus in memory, so this test shares no queue with the messaging tests.
    private static readonly Dictionary<string, string?> Eager = new() { ["Approvals:Letters:PollSeconds"] = "0.05", ["Approvals:Bus:Transport"] = "InMemory" };

    [Fact]
    public async Task Letters_requested_through_two_nodes_are_issued_once_each_and_numbered_one_to_n_per_issuer()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var (first, firstApi) = await ServerNode.StartAsync(database, TestServers.RabbitMq, Ct, Eager);
        var (second, secondApi) = await ServerNode.StartAsync(database, TestServers.RabbitMq, Ct, Eager);
        await using (first)
        await using (second)
        {
            const int projects = 8;
            for (var i = 0; i < projects; i++)
            {
                // Alternate the nodes, as a load balancer would.
                var api = i % 2 == 0 ? firstApi : secondApi;
                var id = (await api.PostAsync("yaozhuang", "/api/projects", ServerNode.Project($"双节点发文项目{i + 1}"), Ct)).Expect(HttpStatusCode.Created).Json.GetProperty("id").GetString()!;
                (await api.PostAsync("yaozhuang", $"/api/projects/{id}/start", null, Ct)).Expect(HttpStatusCode.OK);
                await CompleteOwnAsync(api, "yaozhuang", id);
                await CompleteOwnAsync(i % 2 == 0 ? secondApi : firstApi, "jx-nongye", id);
                await CompleteOwnAsync(api, "jx-shuili", id);
            }

            await using var scope = first.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (await db.LetterRequests.AnyAsync(l => l.Status == "requested", Ct))
            {
                Assert.True(DateTime.UtcNow < deadline, "letters were still waiting after 60 s");
                await Task.Delay(100, Ct);
            }

            var requests = await db.LetterRequests.AsNoTracking().Where(l => l.Document == "department-confirmation-letter").Select(l => l.Id).ToListAsync(Ct);
            var issued = await db.IssuedDocuments.AsNoTracking().Where(d => d.Document == "department-confirmation-letter")
                .Select(d => new { d.LetterRequestId, d.IssuerId, d.Serial }).ToListAsync(Ct);

            Assert.Equal(2 * projects, requests.Count);
            Assert.Equal(requests.Order(), issued.Select(d => d.LetterRequestId).Order());
            foreach (var issuer in new[] { "330421/agriculture-rural", "330421/water-resources" })
            {
                Assert.Equal(Enumerable.Range(1, projects), issued.Where(d => d.IssuerId == issuer).Select(d => d.Serial).Order());
            }
        }
    }

    private static async Task CompleteOwnAsync(ApiSession api, string user, string projectId)
    {
        var task = (await api.GetAsync(user, $"/api/inbox?project={projectId}", Ct)).Expect(HttpStatusCode.OK).Json.GetProperty("items")[0].GetProperty("taskId").GetString();
        (await api.PostAsync(user, $"/api/tasks/{task}/complete", new { outcome = "approve", opinion = "确认" }, Ct)).Expect(HttpStatusCode.OK);
    }
}
