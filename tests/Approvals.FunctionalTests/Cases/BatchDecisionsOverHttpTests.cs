using System.Net;
using System.Text.Json;
using Approvals.Engine.Definitions;
using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Persistence.Workflows;
using Approvals.Runtime.Workflows;
using Approvals.Server.Demo;
using Approvals.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.FunctionalTests.Cases;

/// <summary>
/// Jiaxing 四.(四) over HTTP: the city's batch decides each project. Of three, one passes, one is sent back to rectify
/// (and passes in the next batch), one fails; one failure does not fail the batch. Run on both databases.
/// </summary>
public abstract class BatchDecisionsOverHttpTests(IDictionary<string, string?>? settings = null) : ApiTestHost(settings)
{
    /// <summary>After the host is ready: server mode has no demo users, so its test gives itself the demo organisations and users.</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await PrepareAsync();
    }

    /// <summary>Registers and starts a project over HTTP, then has every step approved through the service's runtime until it waits for the batch.</summary>
    private async Task<string> ProjectInBatchQueueAsync(string name)
    {
        var projectId = (await Api.PostAsync("yaozhuang", "/api/projects", JiaxingProjectOverHttpTests.NewProject(name), Ct)).Expect(HttpStatusCode.Created).Json.GetProperty("id").GetString()!;
        var instanceId = Guid.Parse((await Api.PostAsync("yaozhuang", $"/api/projects/{projectId}/start", null, Ct)).Expect(HttpStatusCode.OK)
            .Json.GetProperty("process").GetProperty("instanceId").GetString()!);
        for (var step = 0; step < 200; step++)
        {
            await using var scope = Factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>();
            var runtime = scope.ServiceProvider.GetRequiredService<WorkflowRuntime>();
            if (await db.Bookmarks.AnyAsync(b => b.InstanceId == instanceId && b.Kind == nameof(BookmarkKind.Batch), Ct))
            {
                return instanceId.ToString();
            }

            var task = await db.Tasks.AsNoTracking().Where(t => t.InstanceId == instanceId && t.Status == TaskRowStatus.Open).OrderBy(t => t.OpenedAt).FirstAsync(Ct);
            Command command = task.Activity == "consentVote"
                ? new RecordConsent(task.ItemKey!, true, "到会人数超过半数，三分之二以上同意，通过", "village", DateTimeOffset.UtcNow)
                : new CompleteTask(task.Id, Outcome.Approve, "同意", "clerk", DateTimeOffset.UtcNow);
            await runtime.ExecuteAsync(instanceId, command, Ct);
        }

        throw new InvalidOperationException($"{name} did not reach the batch.");
    }

    private Task<ApiResponse> CloseAsync(string batchId, object body) => Api.PostAsync("jx-shi-bangongshi", $"/api/batches/{batchId}/close", body, Ct);

    private async Task<string> OpenAsync(string reference, params string[] instanceIds) =>
        (await Api.PostAsync("jx-shi-bangongshi", "/api/batches", new { reference, instanceIds }, Ct)).Expect(HttpStatusCode.Created).Json.GetProperty("id").GetString()!;

    private async Task<string> StatusAsync(string instanceId) =>
        await InDbAsync(db => db.Instances.Where(i => i.Id == Guid.Parse(instanceId)).Select(i => i.Status).FirstAsync(Ct));

    [Fact]
    public async Task A_batch_passes_one_project_sends_one_to_rectify_and_fails_one_and_the_rectified_one_passes_in_the_next_batch()
    {
        var passing = await ProjectInBatchQueueAsync("姚庄镇北鹤片区全域土地综合整治项目");
        var rectifying = await ProjectInBatchQueueAsync("姚庄镇桃源片区全域土地综合整治项目");
        var failing = await ProjectInBatchQueueAsync("姚庄镇中心片区土地综合整治项目");
        var first = await OpenAsync("2026年第4批", passing, rectifying, failing);

        // Every member needs its decision; rectify and fail need the opinion.
        var incomplete = await CloseAsync(first, new { decisions = new object[] { new { instanceId = passing, decision = "passed" }, new { instanceId = rectifying, decision = "rectify" } } });
        Assert.Equal(["decisions", "decisions[1].opinion"], incomplete.Expect(HttpStatusCode.UnprocessableEntity).ErrorFields.Order(StringComparer.Ordinal));
        var unknown = await CloseAsync(first, new { decisions = new object[] { new { instanceId = passing, decision = "maybe" } } });
        Assert.Contains("decisions[0].decision", unknown.Expect(HttpStatusCode.UnprocessableEntity).ErrorFields);

        var closed = (await CloseAsync(first, new
        {
            opinion = "2026年第4批统一验收",
            decisions = new object[]
            {
                new { instanceId = passing, decision = "passed" },
                new { instanceId = rectifying, decision = "rectify", opinion = "沟渠护坡未达到设计标准，请整改" },
                new { instanceId = failing, decision = "failed", opinion = "新增耕地经核查不实" },
            },
        })).Expect(HttpStatusCode.OK).Json;

        Assert.Equal(JsonValueKind.Null, closed.GetProperty("approved").ValueKind);
        var members = closed.GetProperty("members").EnumerateArray().ToDictionary(m => m.GetProperty("instanceId").GetString()!, m => m.GetProperty("decision").GetString());
        Assert.Equal("passed", members[passing]);
        Assert.Equal("rectify", members[rectifying]);
        Assert.Equal("failed", members[failing]);
        Assert.Equal("Running", await StatusAsync(passing));
        Assert.Equal("Rejected", await StatusAsync(failing));

        // The rectified project is back with the town, with the batch's opinion, and out of every batch queue.
        var town = (await Api.GetAsync("yaozhuang-zhengfu", "/api/inbox", Ct)).Json.GetProperty("items").EnumerateArray()
            .Single(t => t.GetProperty("instanceId").GetString() == rectifying);
        Assert.Equal("apply-for-overall-acceptance", town.GetProperty("stepId").GetString());
        var waiting = (await Api.GetAsync("jx-shi-bangongshi", "/api/batches/waiting", Ct)).Json.EnumerateArray().Select(w => w.GetProperty("instanceId").GetString()).ToList();
        Assert.DoesNotContain(rectifying, waiting);

        // The town applies again, the county accepts again, and the project joins a later batch, which passes it.
        await Api.DoAsync("yaozhuang-zhengfu", (await InDbAsync(db => db.Instances.Where(i => i.Id == Guid.Parse(rectifying)).Select(i => i.ProjectId).FirstAsync(Ct))),
            "apply-for-overall-acceptance", "complete", new { outcome = "approve", opinion = "已按批次意见整改" }, Ct);
        var projectId = await InDbAsync(db => db.Instances.Where(i => i.Id == Guid.Parse(rectifying)).Select(i => i.ProjectId).FirstAsync(Ct));
        await Api.DoAsync("jx-xian-bangongshi", projectId, "county-overall-acceptance", "complete", new { outcome = "approve", opinion = "整改到位" }, Ct);
        var second = await OpenAsync("2026年第5批", rectifying);
        (await CloseAsync(second, new { approved = true })).Expect(HttpStatusCode.OK);

        Assert.Equal("Running", await StatusAsync(rectifying));
        var inbox = (await Api.GetAsync("yaozhuang-zhengfu", $"/api/inbox?project={projectId}", Ct)).Json.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("stepId").GetString());
        Assert.Contains("handover-for-maintenance", inbox);
    }
}

public sealed class BatchDecisionsOnSqliteTests : BatchDecisionsOverHttpTests;

public sealed class BatchDecisionsOnPostgreSqlTests : BatchDecisionsOverHttpTests
{
    private readonly PostgresTestDatabase _database;

    public BatchDecisionsOnPostgreSqlTests()
        : this(PostgresTestDatabase.Reserve())
    {
    }

    private BatchDecisionsOnPostgreSqlTests(PostgresTestDatabase database)
        : base(new Dictionary<string, string?> { ["Approvals:Database:Provider"] = "PostgreSQL", ["ConnectionStrings:Approvals"] = database.ConnectionString }) =>
        _database = database;

    public override async ValueTask InitializeAsync()
    {
        await _database.CreateOnServerAsync();
        await base.InitializeAsync();
    }

    protected override Task PrepareAsync() => DemoData.SeedAsync(Factory.Services, DateTimeOffset.UtcNow, Ct);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }
}
