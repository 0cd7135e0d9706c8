using System.Net;
using Approvals.FunctionalTests.Messaging;
using Approvals.Persistence;
using Approvals.Persistence.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.FunctionalTests.Cases;

/// <summary>
/// A whole Jiaxing project over HTTP, as its users would drive it: registered and started by the town,
/// sub-projects confirmed by each county department (letters), approved by the city, consented by both
/// villages (one vote fails first), jointly reviewed with one return and one 容缺, built, signed off item by
/// item, accepted overall by the county and finally in the city's batch.
/// </summary>
public sealed class JiaxingProjectOverHttpTests : ApiTestHost
{
    public static object NewProject(string name = "嘉善县姚庄镇北鹤片区全域土地综合整治项目") => new
    {
        name,
        definitionId = "jiaxing",
        townCode = "330421102",
        area = 3260.5m,
        villages = new object[]
        {
            new { code = "330421102201", name = "北鹤村", electorate = 300, households = 110, representatives = 35 },
            new { code = "330421102202", name = "桃源村", electorate = 240, households = 90 },
        },
        subProjects = new object[]
        {
            new { key = "sp-farmland", name = "高标准农田建设", department = "agriculture-rural", plan = "concurrent" },
            new { key = "sp-river", name = "农村河道整治", department = "water-resources", plan = "in-progress" },
            new { key = "sp-road", name = "农村公路提升改造", department = "transport", plan = "concurrent" },
            new { key = "sp-bridge", name = "危桥改造", department = "transport", plan = "not-in-area" },
        },
        facts = new { numbers = new Dictionary<string, decimal> { ["farmlandArea"] = 2100m, ["newFarmlandArea"] = 86.5m } },
        materials = new[] { "项目区范围图", "子项目清单", "资金整合方案" },
    };

    [Fact]
    public async Task A_Jiaxing_project_runs_from_registration_to_the_city_batch_over_HTTP()
    {
        // The town registers the project and starts it.
        var created = (await Api.PostAsync("yaozhuang", "/api/projects", NewProject(), Ct)).Expect(HttpStatusCode.Created).Json;
        var projectId = created.GetProperty("id").GetString()!;
        Assert.Equal("draft", created.GetProperty("status").GetString());
        var started = (await Api.PostAsync("yaozhuang", $"/api/projects/{projectId}/start", null, Ct)).Expect(HttpStatusCode.OK).Json;
        Assert.Equal("started", started.GetProperty("status").GetString());
        Assert.Equal(5, started.GetProperty("process").GetProperty("definitionVersion").GetInt32());

        await Api.DoAsync("yaozhuang", projectId, "select-sub-projects", "complete", new { outcome = "approve", opinion = "已按子项目指引选择子项目" }, Ct);

        // Each county department with sub-projects confirms them (and its confirmation letter is requested).
        foreach (var clerk in new[] { "jx-nongye", "jx-shuili", "jx-jiaotong" })
        {
            await Api.DoAsync(clerk, projectId, "confirm-sub-projects", "complete", new { outcome = "approve", opinion = "确认" }, Ct);
        }

        await Api.DoAsync("jx-shi-ziranziyuan", projectId, "establishment-approval", "complete", new { outcome = "approve", opinion = "同意立项" }, Ct);
        await Api.DoAsync("yaozhuang", projectId, "implementation-plan", "complete", new { outcome = "approve" }, Ct);

        // Both villages: opinions gathered, then the vote. 北鹤村's first vote falls short of two thirds of all members.
        await VillagesConsentAsync(projectId, beiheFailsFirst: true);
        await LandAdjustmentApprovedAsync(projectId);

        // Joint review: 农业农村 accepts under 容缺, 交通运输 approves, 水利 returns the plan for supplement.
        var deferred = await Api.DoAsync("jx-nongye", projectId, "review-plan", "accept-with-deferral", new { materials = new[] { "子项目施工图设计" } }, Ct);
        Assert.Equal("open", deferred.GetProperty("status").GetString());
        await Api.DoAsync("jx-jiaotong", projectId, "review-plan", "complete", new { outcome = "approve", opinion = "同意" }, Ct);
        var opinion = await Api.UploadPdfAsync("jx-shuili", projectId, "水利局审查意见.pdf", "opinion", Ct);
        var returned = await Api.DoAsync("jx-shuili", projectId, "review-plan", "return", new { opinion = "河道断面设计与防洪规划不符，请补正", attachmentIds = new[] { opinion } }, Ct);
        var filed = (await Api.GetAsync("yaozhuang", $"/api/attachments/{opinion}", Ct)).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(returned.GetProperty("taskId").GetString(), filed.GetProperty("taskId").GetString());

        // The town hands in the deferred material on the department's task (found on the project's page); 农业农村 then decides.
        var view = (await Api.GetAsync("yaozhuang", $"/api/projects/{projectId}", Ct)).Expect(HttpStatusCode.OK).Json;
        var nongyeTask = view.GetProperty("process").GetProperty("openTasks").EnumerateArray()
            .Single(t => t.GetProperty("stepId").GetString() == "review-plan" && t.GetProperty("assigneeCode").GetString() == "agriculture-rural");
        (await Api.PostAsync("yaozhuang", $"/api/tasks/{nongyeTask.GetProperty("taskId").GetString()}/supplement", new { material = "子项目施工图设计" }, Ct))
            .Expect(HttpStatusCode.OK);
        await Api.DoAsync("jx-nongye", projectId, "review-plan", "complete", new { outcome = "approve", opinion = "材料已补齐，同意" }, Ct);

        // The plan goes back to the town; the revised plan is consented again and reviewed again.
        await Api.DoAsync("yaozhuang", projectId, "implementation-plan", "complete", new { outcome = "approve", opinion = "已按水利局意见修改" }, Ct);
        await VillagesConsentAsync(projectId, beiheFailsFirst: false);
        await LandAdjustmentApprovedAsync(projectId);
        foreach (var clerk in new[] { "jx-nongye", "jx-shuili", "jx-jiaotong" })
        {
            await Api.DoAsync(clerk, projectId, "review-plan", "complete", new { outcome = "approve", opinion = "同意" }, Ct);
        }

        await Api.DoAsync("yaozhuang", projectId, "construction", "complete", new { outcome = "approve", opinion = "工程已完工" }, Ct);
        await Api.DoAsync("yaozhuang", projectId, "apply-for-acceptance", "complete", new { outcome = "approve" }, Ct);

        // Single-item acceptances, one per sub-project built in the area (the bridge is not).
        await Api.DoAsync("jx-nongye", projectId, "single-item-acceptance", "sign-off", new { passed = true, figures = new { newFarmlandArea = 85.2m }, opinion = "验收合格" }, Ct);
        await Api.DoAsync("jx-shuili", projectId, "single-item-acceptance", "sign-off", new { passed = true, opinion = "验收合格" }, Ct);
        await Api.DoAsync("jx-jiaotong", projectId, "single-item-acceptance", "sign-off", new { passed = true, opinion = "验收合格" }, Ct);
        var inbox = (await Api.GetAsync("jx-jiaotong", $"/api/inbox?project={projectId}", Ct)).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(0, inbox.GetProperty("total").GetInt32());

        // The town applies for the overall acceptance; the county leading group accepts.
        var applied = (await Api.PostAsync("yaozhuang", $"/api/projects/{projectId}/overall-acceptance-request", new { opinion = "单项验收已全部通过" }, Ct))
            .Expect(HttpStatusCode.OK).Json;
        Assert.Equal("apply-for-overall-acceptance", applied.GetProperty("stepId").GetString());

        // The acceptance task shows what the sign-offs measured beside the approved plan: 85.2 亩 of the 86.5 planned.
        var acceptance = (await Api.GetAsync("jx-xian-bangongshi", $"/api/inbox?project={projectId}", Ct)).Json.GetProperty("items")[0].GetProperty("taskId").GetString();
        var figure = (await Api.GetAsync("jx-xian-bangongshi", $"/api/tasks/{acceptance}", Ct)).Expect(HttpStatusCode.OK).Json.GetProperty("measuredFigures").EnumerateArray().Single();
        Assert.Equal("newFarmlandArea", figure.GetProperty("code").GetString());
        Assert.Equal((86.5m, 85.2m, 1.3m), (figure.GetProperty("planned").GetDecimal(), figure.GetProperty("measured").GetDecimal(), figure.GetProperty("shortfall").GetDecimal()));
        await Api.DoAsync("jx-xian-bangongshi", projectId, "county-overall-acceptance", "complete", new { outcome = "approve", opinion = "整体验收合格" }, Ct);

        // The city's batch.
        var instanceId = started.GetProperty("process").GetProperty("instanceId").GetString()!;
        var waiting = (await Api.GetAsync("jx-shi-bangongshi", "/api/batches/waiting", Ct)).Expect(HttpStatusCode.OK).Json;
        Assert.Contains(waiting.EnumerateArray(), w => w.GetProperty("instanceId").GetString() == instanceId);
        var batch = (await Api.PostAsync("jx-shi-bangongshi", "/api/batches", new { reference = "2026年第2批", instanceIds = new[] { instanceId } }, Ct))
            .Expect(HttpStatusCode.Created).Json;
        var closed = (await Api.PostAsync("jx-shi-bangongshi", $"/api/batches/{batch.GetProperty("id").GetString()}/close", new { approved = true, opinion = "统一验收通过" }, Ct))
            .Expect(HttpStatusCode.OK).Json;
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        Assert.Equal("passed", closed.GetProperty("members")[0].GetProperty("decision").GetString());

        // Passed: the city's selection of 优质工程 and the handover to the town, which names the unit responsible for maintenance.
        var unnamed = (await Api.GetAsync("yaozhuang-zhengfu", $"/api/inbox?project={projectId}", Ct)).Json.GetProperty("items")[0];
        Assert.Equal("handover-for-maintenance", unnamed.GetProperty("stepId").GetString());
        var refused = await Api.PostAsync("yaozhuang-zhengfu", $"/api/tasks/{unnamed.GetProperty("taskId").GetString()}/complete", new { outcome = "approve" }, Ct);
        Assert.Equal(["opinion"], refused.Expect(HttpStatusCode.UnprocessableEntity).ErrorFields);
        await Api.DoAsync("yaozhuang-zhengfu", projectId, "handover-for-maintenance", "complete", new { outcome = "approve", opinion = "姚庄镇农业农村办公室" }, Ct);
        await Api.DoAsync("jx-shi-bangongshi", projectId, "quality-project-selection", "complete", new { outcome = "approve", opinion = "评为2026年度市级优质工程" }, Ct);

        // The process is finished, and its history tells the story.
        var project = (await Api.GetAsync("yaozhuang", $"/api/projects/{projectId}", Ct)).Expect(HttpStatusCode.OK).Json;
        Assert.Equal("Completed", project.GetProperty("process").GetProperty("status").GetString());
        var timeline = (await Api.GetAsync("jx-xian-bangongshi", $"/api/projects/{projectId}/timeline", Ct)).Expect(HttpStatusCode.OK).Json;
        var actions = timeline.EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal("project.registered", actions[0]);
        Assert.Contains("project.started", actions);
        Assert.Contains("batch.opened", actions);
        Assert.Contains("batch.closed", actions);
        Assert.Equal(5, actions.Count(a => a == "consent.recorded"));

        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>();
        var letters = await db.LetterRequests.AsNoTracking().Where(l => l.InstanceId == Guid.Parse(instanceId)).Select(l => l.Document).ToListAsync(Ct);
        Assert.Equal(3, letters.Count(l => l == "department-confirmation-letter"));
        Assert.Equal(4, letters.Count(l => l == "consent-resolution"));
        Assert.Equal(3, letters.Count(l => l == "single-item-acceptance-opinion"));
        Assert.Single(letters, l => l == "combined-review-opinion");
        Assert.Single(letters, l => l == "overall-acceptance-opinion");
        Assert.True((await AuditVerifier.VerifyAsync(db, Ct)).Intact);

        // Every message the project sent is as the README documents it; each issued letter was announced to its issuer.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await db.LetterRequests.AnyAsync(l => l.InstanceId == Guid.Parse(instanceId) && l.Status == "requested", Ct) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, Ct);
        }

        var events = await MessageContracts.AssertDocumentedAsync(db, projectId, "jiaxing@5", Ct);
        string[] expected = ["task-assigned", "task-completed", "material-deferred", "material-supplemented", "consent-recorded", "sign-off-recorded",
            "batch-closed", "letter-requested", "letter-issued", "instance-finished"];
        Assert.Empty(expected.Except(events));
        var issued = (await MessageContracts.SentAsync(db, projectId, Ct)).Where(m => m.Event == "letter-issued").ToList();
        Assert.Equal(letters.Count, issued.Count);
        var confirmation = issued.First(m => m.Data["document"] == "department-confirmation-letter" && m.Addressee!.Code == "water-resources");
        var document = (await Api.GetAsync("jx-shuili", $"/api/documents/{confirmation.Data["documentId"]}", Ct)).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(confirmation.Data["number"], document.GetProperty("number").GetString());
        Assert.Equal("issue-confirmation-letter", confirmation.StepId);
        using var fetch = new HttpRequestMessage(HttpMethod.Get, confirmation.Data["link"]);
        fetch.Headers.Authorization = new("Bearer", await Api.TokenAsync("jx-shuili", Ct));
        using var pdf = await Api.Client.SendAsync(fetch, Ct);
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>The adjustment of contracted land the villages agreed to, approved by the township and then the county (农村土地承包法 第二十八条).</summary>
    private async Task LandAdjustmentApprovedAsync(string projectId)
    {
        var town = await Api.DoAsync("yaozhuang-zhengfu", projectId, "town-land-adjustment-approval", "complete", new { outcome = "approve", opinion = "同意调整" }, Ct);
        Assert.Equal("completed", town.GetProperty("status").GetString());
        await Api.DoAsync("jx-nongye", projectId, "county-land-adjustment-approval", "complete", new { outcome = "approve", opinion = "同意调整" }, Ct);
    }

    private async Task VillagesConsentAsync(string projectId, bool beiheFailsFirst)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        foreach (var (user, code, electorate) in new[] { ("beihe", "330421102201", 300), ("taoyuan", "330421102202", 240) })
        {
            await Api.DoAsync(user, projectId, "village-opinions", "complete", new { outcome = "approve", opinion = "村民无修改意见" }, Ct);
            var path = $"/api/projects/{projectId}/villages/{code}/consent-meetings";
            var minutes = await Api.UploadPdfAsync(user, projectId, "村民会议记录.pdf", "minutes", Ct);
            if (beiheFailsFirst && user == "beihe")
            {
                var failed = (await Api.PostAsync(user, path, Meeting(today, electorate, attendance: 220, yes: 199, minutes), Ct)).Expect(HttpStatusCode.Created).Json;
                Assert.False(failed.GetProperty("passed").GetBoolean());
                Assert.Contains("不足", failed.GetProperty("summary").GetString());
            }

            var passed = (await Api.PostAsync(user, path, Meeting(today, electorate, attendance: electorate - 20, yes: electorate - 30, minutes), Ct)).Expect(HttpStatusCode.Created).Json;
            Assert.True(passed.GetProperty("passed").GetBoolean());
            Assert.Equal(minutes, passed.GetProperty("minutesAttachmentId").GetString());
        }
    }

    private static Dictionary<string, object?> Meeting(DateOnly today, int electorate, int attendance, int yes, string minutes) => new()
    {
        ["minutesAttachmentId"] = minutes,
        ["body"] = "villagers-meeting",
        ["meetingDate"] = today.AddDays(-1),
        ["noticeDate"] = today.AddDays(-15),
        ["electorate"] = electorate,
        ["attendance"] = attendance,
        ["yes"] = yes,
        ["no"] = attendance - yes - 3,
        ["abstain"] = 3,
    };
}
