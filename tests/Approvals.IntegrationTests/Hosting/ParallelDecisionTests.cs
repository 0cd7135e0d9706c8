using System.Net;
using Approvals.IntegrationTests.Messaging;
using Approvals.Testing;

namespace Approvals.IntegrationTests.Hosting;

/// <summary>
/// On PostgreSQL, two departments deciding their parallel tasks of one project at the same moment both succeed:
/// the write that loses the race on the instance's version is judged again, not refused with a 409.
/// </summary>
public sealed class ParallelDecisionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_departments_confirming_their_parallel_tasks_at_once_both_succeed()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var (node, api) = await ServerNode.StartAsync(database, TestServers.RabbitMq, Ct, new Dictionary<string, string?> { ["Approvals:Bus:Transport"] = "InMemory" });
        await using (node)
        {
            for (var round = 0; round < 6; round++)
            {
                var id = (await api.PostAsync("yaozhuang", "/api/projects", ServerNode.Project($"并行办理项目{round}"), Ct)).Expect(HttpStatusCode.Created).Json.GetProperty("id").GetString()!;
                (await api.PostAsync("yaozhuang", $"/api/projects/{id}/start", null, Ct)).Expect(HttpStatusCode.OK);
                var select = (await api.GetAsync("yaozhuang", $"/api/inbox?project={id}", Ct)).Json.GetProperty("items")[0].GetProperty("taskId").GetString();
                (await api.PostAsync("yaozhuang", $"/api/tasks/{select}/complete", new { outcome = "approve" }, Ct)).Expect(HttpStatusCode.OK);

                var tasks = new List<(string User, string Task)>();
                foreach (var clerk in new[] { "jx-nongye", "jx-shuili" })
                {
                    tasks.Add((clerk, (await api.GetAsync(clerk, $"/api/inbox?project={id}", Ct)).Json.GetProperty("items")[0].GetProperty("taskId").GetString()!));
                }

                var answers = await Task.WhenAll(tasks.Select(t => api.PostAsync(t.User, $"/api/tasks/{t.Task}/complete", new { outcome = "approve", opinion = "确认" }, Ct)));
                Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
            }
        }
    }
}
