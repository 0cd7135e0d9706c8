using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Approvals.Persistence;
using Approvals.Persistence.Organisations;
using Approvals.Server.Demo;
using Approvals.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.FunctionalTests.Security;

/// <summary>
/// The world the authorisation table runs in, set up once: the demo users plus the outsiders the demo data lacks,
/// and Jiaxing projects held at the states that put every kind of task on the table — the town's task, county
/// departments' confirmations, the city bureau's approval, a village's opinions (while the other village waits
/// for its vote), the county leading group's overall acceptance — and a project in the city's open batch, with
/// an attachment. Placeholders such as <c>{dept-task}</c> in the table's endpoints name these things.
/// </summary>
public sealed class AuthorisationWorld : IAsyncLifetime
{
    /// <summary>北鹤村 and 桃源村, the villages of every project here; 330421102203 is a village of the same town that is in none.</summary>
    public const string Beihe = "330421102201";

    public const string Taoyuan = "330421102202";

    public const string VillageNotInProject = "330421102203";

    private readonly Dictionary<string, string> _placeholders = [];
    private readonly List<string> _secrets = [];
    private readonly Dictionary<string, string> _names = [];

    public ApprovalsWebFactory Factory { get; } = new();

    public ApiSession Api { get; private set; } = null!;

    /// <summary>What the placeholders of the table stand for: <c>{project}</c> → a project id, <c>{dept-task}</c> → a task id …</summary>
    public IReadOnlyDictionary<string, string> Placeholders => _placeholders;

    /// <summary>What no refused caller may read: the projects' names, the open tasks' step ids and names.</summary>
    public IReadOnlyList<string> Secrets => _secrets;

    /// <summary>The name of the project behind a placeholder: <c>{project}</c>, and <c>{batch}</c> for the project in the batch.</summary>
    public IReadOnlyDictionary<string, string> Names => _names;

    /// <summary>The instance waiting for the city's batch (a body of <c>POST /api/batches</c> names it).</summary>
    public string BatchInstanceId { get; private set; } = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Outsiders: organisations (places and bodies) added where the demo data has none.</summary>
    private static readonly Organisation[] Organisations =
    [
        new() { Id = "330402", Kind = "county", Name = "南湖区", ParentId = "330400", Jurisdiction = "330402" },
        new() { Id = "330402/agriculture-rural", Kind = "department", Name = "南湖区农业农村局", ParentId = "330402", Jurisdiction = "330402", DepartmentCode = "agriculture-rural" },
        new() { Id = "330402/leading-group-office", Kind = "department", Name = "南湖区土地综合整治领导小组办公室", ParentId = "330402", Jurisdiction = "330402", DepartmentCode = "leading-group-office" },
        new() { Id = "330421101", Kind = "town", Name = "西塘镇", ParentId = "330421", Jurisdiction = "330421101" },
        new() { Id = "330421101/implementing-entity", Kind = "implementing-entity", Name = "西塘镇人民政府（实施主体）", ParentId = "330421101", Jurisdiction = "330421101" },
        new() { Id = VillageNotInProject, Kind = "village", Name = "横港村", ParentId = "330421102", Jurisdiction = VillageNotInProject },
        new() { Id = $"{VillageNotInProject}/village-committee", Kind = "village-committee", Name = "横港村村民委员会", ParentId = VillageNotInProject, Jurisdiction = VillageNotInProject },
        new() { Id = "330000/natural-resources", Kind = "department", Name = "浙江省自然资源厅", ParentId = "330000", Jurisdiction = "330000", DepartmentCode = "natural-resources" },
    ];

    /// <summary>Outsiders' users (user name, organisation, roles); 330600/natural-resources (绍兴) is in the demo data without a user.</summary>
    private static readonly (string UserName, string Organisation, string Roles)[] Users =
    [
        ("nanhu-nongye", "330402/agriculture-rural", "clerk"),
        ("nanhu-bangongshi", "330402/leading-group-office", "manager,clerk"),
        ("xitang", "330421101/implementing-entity", "applicant"),
        ("henggang", $"{VillageNotInProject}/village-committee", "recorder"),
        ("zj-ziranziyuan", "330000/natural-resources", "clerk"),
        ("sx-ziranziyuan", "330600/natural-resources", "clerk"),
    ];

    private enum Stage
    {
        Started,
        SubProjectsSelected,
        SubProjectsConfirmed,
        BeiheWaitingForItsVote,
        AtCountyOverallAcceptance,
        WaitingForCityBatch,
    }

    public async ValueTask InitializeAsync()
    {
        var client = Factory.CreateClient();
        await ReadinessProbe.WaitAsync(client, HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        Api = new ApiSession(client, DemoData.Password);
        await AddOutsidersAsync();

        var started = await ProjectAtAsync("授权表·姚庄镇东片整治项目（待选子项目）", Stage.Started);
        var main = await ProjectAtAsync("授权表·姚庄镇北鹤片区整治项目（部门确认中）", Stage.SubProjectsSelected);
        var confirmed = await ProjectAtAsync("授权表·姚庄镇西片整治项目（市级立项审批中）", Stage.SubProjectsConfirmed);
        var consent = await ProjectAtAsync("授权表·姚庄镇桃源片区整治项目（村民表决中）", Stage.BeiheWaitingForItsVote);
        var acceptance = await ProjectAtAsync("授权表·姚庄镇南片整治项目（整体验收中）", Stage.AtCountyOverallAcceptance);
        var batched = await ProjectAtAsync("授权表·姚庄镇中片整治项目（市级统一验收）", Stage.WaitingForCityBatch);

        _placeholders["{project}"] = main.Id;
        _names["{project}"] = main.Name;
        _names["{batch}"] = batched.Name;
        _placeholders["{village-project}"] = consent.Id;
        _placeholders["{no-such-vote}"] = Guid.NewGuid().ToString();
        _placeholders["{ie-task}"] = await OpenTaskAsync(started.Id, "select-sub-projects", "implementing-entity");
        _placeholders["{dept-task}"] = await OpenTaskAsync(main.Id, "confirm-sub-projects", "agriculture-rural");
        _placeholders["{city-task}"] = await OpenTaskAsync(confirmed.Id, "establishment-approval", "natural-resources");
        _placeholders["{village-task}"] = await OpenTaskAsync(consent.Id, "village-opinions", "village-committee", Taoyuan);
        _placeholders["{lgo-task}"] = await OpenTaskAsync(acceptance.Id, "county-overall-acceptance", "leading-group-office");

        var view = (await Api.GetAsync("yaozhuang", $"/api/projects/{consent.Id}", Ct)).Expect(HttpStatusCode.OK).Json;
        Assert.Contains(view.GetProperty("process").GetProperty("waiting").EnumerateArray(),
            w => w.GetProperty("kind").GetString() == "Consent" && w.GetProperty("key").GetString() == Beihe);

        BatchInstanceId = batched.InstanceId;
        var batch = (await Api.PostAsync("jx-shi-bangongshi", "/api/batches", new { reference = "授权表 2026年第1批", instanceIds = new[] { batched.InstanceId } }, Ct))
            .Expect(HttpStatusCode.Created).Json;
        _placeholders["{batch}"] = batch.GetProperty("id").GetString()!;

        var attachment = (await UploadAsync("yaozhuang", main.Id)).Expect(HttpStatusCode.Created).Json;
        _placeholders["{attachment}"] = attachment.GetProperty("id").GetString()!;

        // A letter issued for the project whose sub-projects were confirmed (the issuer works a moment after the step).
        for (var attempt = 0; !_placeholders.ContainsKey("{document}"); attempt++)
        {
            var issued = (await Api.GetAsync("yaozhuang", $"/api/projects/{confirmed.Id}/documents", Ct)).Expect(HttpStatusCode.OK).Json
                .EnumerateArray().FirstOrDefault(d => d.GetProperty("issuedDocumentId").ValueKind == JsonValueKind.String);
            if (issued.ValueKind == JsonValueKind.Object)
            {
                _placeholders["{document}"] = issued.GetProperty("issuedDocumentId").GetString()!;
            }
            else
            {
                Assert.True(attempt < 300, "no letter was issued for the confirmed project");
                await Task.Delay(100, Ct);
            }
        }

        // 农业农村's notification of its confirmation task (delivered by the relay, a moment after the step).
        for (var attempt = 0; !_placeholders.ContainsKey("{notification}"); attempt++)
        {
            var notifications = (await Api.GetAsync("jx-nongye", "/api/notifications", Ct)).Expect(HttpStatusCode.OK).Json.GetProperty("items");
            if (notifications.GetArrayLength() > 0)
            {
                _placeholders["{notification}"] = notifications[0].GetProperty("id").GetString()!;
            }
            else
            {
                Assert.True(attempt < 100, "no notification was delivered to 农业农村");
                await Task.Delay(100, Ct);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Api.Client.Dispose();
        await Factory.DisposeAsync();
    }

    /// <summary>A table endpoint's path with its placeholders filled in.</summary>
    public string Resolve(string path)
    {
        foreach (var (placeholder, value) in _placeholders)
        {
            path = path.Replace(placeholder, value, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("{", path, StringComparison.Ordinal);
        return path;
    }

    /// <summary>A small PDF filed with a project, as the web page sends it (multipart: file, purpose).</summary>
    public Task<ApiResponse> UploadAsync(string? user, string projectId) =>
        Api.SendAsync(user, HttpMethod.Post, $"/api/projects/{projectId}/attachments", null, Guid.NewGuid().ToString(), Ct, PdfForm());

    /// <summary>The upload form: a small PDF as a material.</summary>
    public MultipartFormDataContent PdfForm()
    {
        var file = new ByteArrayContent(Encoding.ASCII.GetBytes(
            "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return new MultipartFormDataContent { { file, "file", "项目区范围图.pdf" }, { new StringContent("material"), "purpose" } };
    }

    private async Task AddOutsidersAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>();
        var existing = (await db.Organisations.Select(o => o.Id).ToListAsync(Ct)).ToHashSet();
        Assert.Contains("330600/natural-resources", existing);
        db.Organisations.AddRange(Organisations.Where(o => !existing.Contains(o.Id)));
        await db.SaveChangesAsync(Ct);
        await TestUsers.AddAsync(Factory.Services, Users.Select(u => (u.UserName, u.UserName, u.Organisation, u.Roles)), Ct);
    }

    /// <summary>A project registered and started by the town, then driven the way JiaxingProjectOverHttpTests drives it, up to <paramref name="stage"/>.</summary>
    private async Task<(string Id, string InstanceId, string Name)> ProjectAtAsync(string name, Stage stage)
    {
        _secrets.Add(name);
        var id = (await Api.PostAsync("yaozhuang", "/api/projects", NewProject(name), Ct))
            .Expect(HttpStatusCode.Created).Json.GetProperty("id").GetString()!;
        var started = (await Api.PostAsync("yaozhuang", $"/api/projects/{id}/start", null, Ct)).Expect(HttpStatusCode.OK).Json;
        var project = (id, started.GetProperty("process").GetProperty("instanceId").GetString()!, name);
        var approve = new { outcome = "approve", opinion = "同意" };
        if (stage == Stage.Started)
        {
            return project;
        }

        await Do("yaozhuang", id, "select-sub-projects", "complete", approve);
        if (stage == Stage.SubProjectsSelected)
        {
            return project;
        }

        foreach (var clerk in new[] { "jx-nongye", "jx-shuili", "jx-jiaotong" })
        {
            await Do(clerk, id, "confirm-sub-projects", "complete", approve);
        }

        if (stage == Stage.SubProjectsConfirmed)
        {
            return project;
        }

        await Do("jx-shi-ziranziyuan", id, "establishment-approval", "complete", approve);
        await Do("yaozhuang", id, "implementation-plan", "complete", approve);
        await Do("beihe", id, "village-opinions", "complete", approve);
        if (stage == Stage.BeiheWaitingForItsVote)
        {
            return project;
        }

        await VoteAsync("beihe", id, Beihe, 300);
        await Do("taoyuan", id, "village-opinions", "complete", approve);
        await VoteAsync("taoyuan", id, Taoyuan, 240);
        await Do("yaozhuang-zhengfu", id, "town-land-adjustment-approval", "complete", approve);
        await Do("jx-nongye", id, "county-land-adjustment-approval", "complete", approve);
        foreach (var clerk in new[] { "jx-nongye", "jx-shuili", "jx-jiaotong" })
        {
            await Do(clerk, id, "review-plan", "complete", approve);
        }

        await Do("yaozhuang", id, "construction", "complete", approve);
        await Do("yaozhuang", id, "apply-for-acceptance", "complete", approve);
        await Do("jx-nongye", id, "single-item-acceptance", "sign-off", new { passed = true, figures = new { newFarmlandArea = 85.2m }, opinion = "验收合格" });
        await Do("jx-shuili", id, "single-item-acceptance", "sign-off", new { passed = true, opinion = "验收合格" });
        await Do("jx-jiaotong", id, "single-item-acceptance", "sign-off", new { passed = true, opinion = "验收合格" });
        (await Api.PostAsync("yaozhuang", $"/api/projects/{id}/overall-acceptance-request", new { opinion = "单项验收已全部通过" }, Ct)).Expect(HttpStatusCode.OK);
        if (stage == Stage.AtCountyOverallAcceptance)
        {
            return project;
        }

        await Do("jx-xian-bangongshi", id, "county-overall-acceptance", "complete", approve);
        return project;
    }

    /// <summary>The Jiaxing project of JiaxingProjectOverHttpTests: two villages, three departments with sub-projects.</summary>
    public static object NewProject(string name) => Cases.JiaxingProjectOverHttpTests.NewProject(name);

    private async Task VoteAsync(string user, string projectId, string village, int electorate)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var minutes = await Cases.JiaxingSteps.UploadPdfAsync(Api, user, projectId, "会议记录.pdf", "minutes", Ct);
        var meeting = new
        {
            body = "villagers-meeting", meetingDate = today.AddDays(-1), noticeDate = today.AddDays(-15),
            electorate, attendance = electorate - 20, yes = electorate - 30, no = 7, abstain = 3, minutesAttachmentId = minutes,
        };
        var recorded = (await Api.PostAsync(user, $"/api/projects/{projectId}/villages/{village}/consent-meetings", meeting, Ct)).Expect(HttpStatusCode.Created).Json;
        Assert.True(recorded.GetProperty("passed").GetBoolean());
    }

    /// <summary>Finds the user's open task of this step in the project (from their inbox) and sends the command.</summary>
    private async Task Do(string user, string projectId, string stepId, string command, object body)
    {
        var inbox = (await Api.GetAsync(user, $"/api/inbox?project={projectId}", Ct)).Expect(HttpStatusCode.OK).Json;
        var task = inbox.GetProperty("items").EnumerateArray().FirstOrDefault(i => i.GetProperty("stepId").GetString() == stepId);
        Assert.True(task.ValueKind == JsonValueKind.Object, $"{user} has no open '{stepId}' task; inbox: {inbox}");
        (await Api.PostAsync(user, $"/api/tasks/{task.GetProperty("taskId").GetString()}/{command}", body, Ct)).Expect(HttpStatusCode.OK);
    }

    /// <summary>The project's open task of this step for this assignee; its step id and name become secrets.</summary>
    private async Task<string> OpenTaskAsync(string projectId, string stepId, string assigneeCode, string? jurisdiction = null)
    {
        var view = (await Api.GetAsync("yaozhuang", $"/api/projects/{projectId}", Ct)).Expect(HttpStatusCode.OK).Json;
        var task = view.GetProperty("process").GetProperty("openTasks").EnumerateArray().Single(t =>
            t.GetProperty("stepId").GetString() == stepId && t.GetProperty("assigneeCode").GetString() == assigneeCode
            && (jurisdiction is null || t.GetProperty("assigneeJurisdiction").GetString() == jurisdiction));
        _secrets.Add(stepId);
        _secrets.Add(task.GetProperty("stepName").GetString()!);
        return task.GetProperty("taskId").GetString()!;
    }
}
