using System.Net;
using Approvals.Persistence;
using Approvals.Server.Demo;
using Approvals.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.IntegrationTests.Hosting;

/// <summary>
/// On PostgreSQL nothing serialises commands: two nodes take the same click, or two clerks the same task, at
/// the same moment. The idempotency record and the instance's version must still give one effect and one winner.
/// </summary>
public sealed class CommandRacesOnPostgresTests : IAsyncLifetime
{
    private PostgresTestDatabase _database = null!;
    private ApprovalsWebFactory _nodeA = null!;
    private ApprovalsWebFactory _nodeB = null!;
    private ApiSession _a = null!;
    private ApiSession _b = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Approvals:Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:Approvals"] = _database.ConnectionString,
        };
        _nodeA = new ApprovalsWebFactory(settings);
        _nodeB = new ApprovalsWebFactory(settings);
        var clientA = _nodeA.CreateClient();
        var clientB = _nodeB.CreateClient();
        await ReadinessProbe.WaitAsync(clientA, HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        await ReadinessProbe.WaitAsync(clientB, HttpStatusCode.OK, TimeSpan.FromSeconds(60));

        // Server mode has no demo users; the test gives itself the demo organisations and users, and a second 农业农村 clerk.
        await DemoData.SeedAsync(_nodeA.Services, DateTimeOffset.UtcNow, Ct);
        await TestUsers.AddAsync(_nodeA.Services, [("jx-nongye-2", "农业农村局 经办人二", "330421/agriculture-rural", "clerk")], Ct);

        _a = new ApiSession(clientA, DemoData.Password);
        _b = new ApiSession(clientB, DemoData.Password);
    }

    public async ValueTask DisposeAsync()
    {
        _a.Client.Dispose();
        _b.Client.Dispose();
        await _nodeA.DisposeAsync();
        await _nodeB.DisposeAsync();
        await _database.DisposeAsync();
    }

    private static object Project(string name) => new
    {
        name, definitionId = "jiaxing", townCode = "330421102", area = 1200m,
        villages = new[] { new { code = "330421102201", name = "北鹤村", electorate = 300, households = 110 } },
        subProjects = new[]
        {
            new { key = "sp-farmland", name = "高标准农田建设", department = "agriculture-rural" },
            new { key = "sp-river", name = "农村河道整治", department = "water-resources" },
        },
    };

    private async Task<List<string>> ConfirmationTasksAsync(string user, int projects)
    {
        var tasks = new List<string>();
        for (var i = 0; i < projects; i++)
        {
            var id = (await _a.PostAsync("yaozhuang", "/api/projects", Project($"并发项目{i}"), Ct)).Expect(HttpStatusCode.Created).Json.GetProperty("id").GetString();
            (await _a.PostAsync("yaozhuang", $"/api/projects/{id}/start", null, Ct)).Expect(HttpStatusCode.OK);
            var select = (await _a.GetAsync("yaozhuang", $"/api/inbox?project={id}", Ct)).Json.GetProperty("items")[0].GetProperty("taskId").GetString();
            (await _a.PostAsync("yaozhuang", $"/api/tasks/{select}/complete", new { outcome = "approve" }, Ct)).Expect(HttpStatusCode.OK);
            tasks.Add((await _a.GetAsync(user, $"/api/inbox?project={id}", Ct)).Json.GetProperty("items")[0].GetProperty("taskId").GetString()!);
        }

        return tasks;
    }

    [Fact]
    public async Task One_click_sent_to_two_nodes_at_once_completes_the_task_once_and_both_get_the_same_answer()
    {
        await _a.TokenAsync("jx-nongye", Ct);
        await _b.TokenAsync("jx-nongye", Ct);
        foreach (var taskId in await ConfirmationTasksAsync("jx-nongye", 4))
        {
            var key = $"click-{taskId}";
            var answers = await Task.WhenAll(
                _a.PostAsync("jx-nongye", $"/api/tasks/{taskId}/complete", new { outcome = "approve", opinion = "确认" }, Ct, key),
                _b.PostAsync("jx-nongye", $"/api/tasks/{taskId}/complete", new { outcome = "approve", opinion = "确认" }, Ct, key));

            Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
            Assert.Equal(answers[0].Json.GetProperty("closedAt").GetString(), answers[1].Json.GetProperty("closedAt").GetString());
            await using var scope = _nodeA.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>();
            var instanceId = Guid.Parse(answers[0].Json.GetProperty("instanceId").GetString()!);
            var completions = await db.AuditRecords.CountAsync(r => r.Stream == $"instance:{instanceId}" && r.Action == "task.completed" && r.Details.Contains(taskId), Ct);
            Assert.Equal(1, completions);
            Assert.Equal(1, await db.IdempotencyRecords.CountAsync(r => r.Key == key, Ct));
        }
    }

    [Fact]
    public async Task Two_clerks_on_two_nodes_deciding_one_task_give_one_winner_and_one_409_with_the_current_state()
    {
        await _a.TokenAsync("jx-nongye", Ct);
        await _b.TokenAsync("jx-nongye-2", Ct);
        foreach (var taskId in await ConfirmationTasksAsync("jx-nongye", 4))
        {
            var answers = await Task.WhenAll(
                _a.PostAsync("jx-nongye", $"/api/tasks/{taskId}/complete", new { outcome = "approve", opinion = "甲" }, Ct),
                _b.PostAsync("jx-nongye-2", $"/api/tasks/{taskId}/complete", new { outcome = "approve", opinion = "乙" }, Ct));

            var winner = Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
            var loser = Assert.Single(answers, a => a.Status == HttpStatusCode.Conflict);
            Assert.Equal(winner.Json.GetProperty("opinion").GetString(), loser.Json.GetProperty("current").GetProperty("opinion").GetString());
        }
    }
}
