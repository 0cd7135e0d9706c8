using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Approvals.Engine.Definitions;
using Approvals.Engine.Runtime;
using Approvals.Persistence.Workflows;
using Approvals.Runtime.Workflows;
using Approvals.Server.Demo;
using Approvals.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.FunctionalTests.Hosting;

/// <summary>My inbox and a task's detail, over HTTP, for the demo users, on two Jiaxing projects.</summary>
public sealed class InboxTests : IAsyncLifetime
{
    private readonly ApprovalsWebFactory _factory = new();
    private HttpClient _client = null!;
    private Guid _current;
    private Guid _late;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ProjectSnapshot Project(string id, string name) => new(
        id, name, new Jurisdictions("330000", "330400", "330421", "330421102"), "330421102/implementing-entity",
        ["agriculture-rural", "water-resources"],
        [new Village("330421102201", "北鹤村"), new Village("330421102202", "桃源村")],
        [new SubProject("sp-farmland", "高标准农田建设", "agriculture-rural"), new SubProject("sp-river", "农村河道整治", "water-resources")],
        Facts.None);

    public async ValueTask InitializeAsync()
    {
        _client = _factory.CreateClient();
        await ReadinessProbe.WaitAsync(_client, HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        await using var scope = _factory.Services.CreateAsyncScope();
        var runtime = scope.ServiceProvider.GetRequiredService<WorkflowRuntime>();
        _current = await runtime.StartAsync("jiaxing", Project("jx-current", "姚庄镇北鹤片区整治项目"), "yaozhuang", DateTimeOffset.UtcNow);
        _late = await runtime.StartAsync("jiaxing", Project("jx-late", "姚庄镇桃源片区整治项目"), "yaozhuang", new DateTimeOffset(2025, 10, 9, 9, 0, 0, TimeSpan.FromHours(8)));
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    private async Task<HttpResponseMessage> GetAsAsync(string userName, string path)
    {
        using var token = await _client.PostAsJsonAsync("/api/auth/token", new { userName, password = DemoData.Password }, Ct);
        var accessToken = JsonDocument.Parse(await token.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("accessToken").GetString();
        var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", accessToken) } };
        return await _client.SendAsync(request, Ct);
    }

    private async Task<JsonElement> InboxAsync(string userName, string query = "")
    {
        using var response = await GetAsAsync(userName, "/api/inbox" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
    }

    private async Task CompleteAsync(Guid instance, string stepId)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var runtime = scope.ServiceProvider.GetRequiredService<WorkflowRuntime>();
        var db = scope.ServiceProvider.GetRequiredService<Approvals.Persistence.ApprovalsDbContext>();
        var task = db.Tasks.First(t => t.InstanceId == instance && t.StepId == stepId && t.Status == TaskRowStatus.Open);
        await runtime.ExecuteAsync(instance, new CompleteTask(task.Id, Outcome.Approve, "同意", "yaozhuang", DateTimeOffset.UtcNow), Ct);
    }

    [Fact]
    public async Task Each_user_sees_the_tasks_of_their_own_organisation_only()
    {
        await CompleteAsync(_current, "select-sub-projects");

        var entity = await InboxAsync("yaozhuang");
        var water = await InboxAsync("jx-shuili");
        var farming = await InboxAsync("jx-nongye");
        var landBureau = await InboxAsync("jx-ziranziyuan");

        Assert.Equal(["jx-late"], entity.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("projectId").GetString()));
        var waterTask = Assert.Single(water.GetProperty("items").EnumerateArray());
        Assert.Equal(("jx-current", "confirm-sub-projects", "水利部门"),
            (waterTask.GetProperty("projectId").GetString(), waterTask.GetProperty("stepId").GetString(), waterTask.GetProperty("item").GetString()));
        Assert.Single(farming.GetProperty("items").EnumerateArray());
        Assert.Equal(0, landBureau.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Filters_and_pages_narrow_the_inbox()
    {
        var all = await InboxAsync("yaozhuang");
        var overdue = await InboxAsync("yaozhuang", "?overdue=true");
        var oneProject = await InboxAsync("yaozhuang", "?project=jx-current");
        var firstPage = await InboxAsync("yaozhuang", "?pageSize=1&page=1");
        var secondPage = await InboxAsync("yaozhuang", "?pageSize=1&page=2");

        Assert.Equal(2, all.GetProperty("total").GetInt32());
        // Soonest due first: the late project's task (due in October 2025) heads the list.
        Assert.Equal("jx-late", all.GetProperty("items")[0].GetProperty("projectId").GetString());
        Assert.Equal(["jx-late"], overdue.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("projectId").GetString()));
        Assert.Equal(["jx-current"], oneProject.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("projectId").GetString()));
        Assert.Equal(2, firstPage.GetProperty("total").GetInt32());
        Assert.Equal("jx-late", Assert.Single(firstPage.GetProperty("items").EnumerateArray()).GetProperty("projectId").GetString());
        Assert.Equal("jx-current", Assert.Single(secondPage.GetProperty("items").EnumerateArray()).GetProperty("projectId").GetString());
    }

    [Fact]
    public async Task Due_soon_is_yellow_and_not_yet_overdue_in_the_inbox_as_in_the_managers_views()
    {
        // The late task's red timer fires within a poll of the start. Set back to yellow afterwards, it stands for the
        // moments before that timer fires: a list must call it overdue then, not due soon.
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Approvals.Persistence.ApprovalsDbContext>();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (!await db.Tasks.AnyAsync(t => t.InstanceId == _late && t.Warning == TaskUrgency.Red, Ct) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(200, Ct);
        }

        Assert.Equal(1, await db.Tasks.Where(t => t.InstanceId == _late && t.Warning == TaskUrgency.Red).ExecuteUpdateAsync(u => u.SetProperty(t => t.Warning, TaskUrgency.Yellow), Ct));
        Assert.Equal(1, await db.Tasks.Where(t => t.InstanceId == _current && t.Status == TaskRowStatus.Open).ExecuteUpdateAsync(u => u.SetProperty(t => t.Warning, TaskUrgency.Yellow), Ct));

        var dueSoon = await InboxAsync("yaozhuang", "?dueSoon=true");
        var overdue = await InboxAsync("yaozhuang", "?overdue=true");
        using var managers = await GetAsAsync("jx-xian-bangongshi", "/api/monitoring/tasks?state=due-soon");
        var managersDueSoon = JsonDocument.Parse(await managers.Content.ReadAsStringAsync(Ct)).RootElement;

        Assert.Equal(["jx-current"], dueSoon.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("projectId").GetString()));
        Assert.Equal(["jx-late"], overdue.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("projectId").GetString()));
        Assert.Equal(HttpStatusCode.OK, managers.StatusCode);
        Assert.Equal(dueSoon.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("taskId").GetString()),
            managersDueSoon.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("taskId").GetString()));
    }

    [Fact]
    public async Task A_task_is_shown_to_its_assignee_and_forbidden_to_others_without_leaking_it()
    {
        var entityInbox = await InboxAsync("yaozhuang");
        var taskId = entityInbox.GetProperty("items")[0].GetProperty("taskId").GetString();

        using var own = await GetAsAsync("yaozhuang", $"/api/tasks/{taskId}");
        using var other = await GetAsAsync("jx-shuili", $"/api/tasks/{taskId}");
        using var village = await GetAsAsync("beihe", $"/api/tasks/{taskId}");
        using var missing = await GetAsAsync("yaozhuang", $"/api/tasks/{Guid.NewGuid()}");
        using var anonymous = await _client.GetAsync($"/api/tasks/{taskId}", Ct);
        var otherBody = await other.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("\"stepId\":\"select-sub-projects\"", await own.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.DoesNotContain("姚庄镇", otherBody, StringComparison.Ordinal);
        Assert.DoesNotContain("select-sub-projects", otherBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, village.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
