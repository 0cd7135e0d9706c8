using System.Net;
using System.Text.Json;
using Approvals.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.FunctionalTests.Cases;

/// <summary>
/// What every command promises: an Idempotency-Key replays the first answer and never acts twice; of two
/// clerks deciding one task one wins and the other gets 409 with the task as it stands; bad input is a
/// ProblemDetails naming each field, and writes nothing.
/// </summary>
public sealed class CommandBehaviourTests : ApiTestHost
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();

        // A second clerk of 嘉善县农业农村局, to race the first.
        await TestUsers.AddAsync(Factory.Services, [("jx-nongye-2", "嘉善县农业农村局 经办人二", "330421/agriculture-rural", "clerk")], Ct);
    }

    /// <summary>A started project and 农业农村's open confirmation task in it.</summary>
    private async Task<(string ProjectId, string TaskId)> ConfirmationTaskAsync()
    {
        var projectId = await Api.StartAsync("确认环节项目", Ct);
        var inbox = (await Api.GetAsync("jx-nongye", $"/api/inbox?project={projectId}", Ct)).Expect(HttpStatusCode.OK).Json;
        return (projectId, inbox.GetProperty("items")[0].GetProperty("taskId").GetString()!);
    }

    [Fact]
    public async Task The_same_Idempotency_Key_replays_the_first_answer_and_registers_one_project()
    {
        var first = (await Api.PostAsync("yaozhuang", "/api/projects", JiaxingProjectOverHttpTests.NewProject("幂等登记项目"), Ct, idempotencyKey: "register-1"))
            .Expect(HttpStatusCode.Created);
        var second = (await Api.PostAsync("yaozhuang", "/api/projects", JiaxingProjectOverHttpTests.NewProject("幂等登记项目"), Ct, idempotencyKey: "register-1"))
            .Expect(HttpStatusCode.Created);

        Assert.Equal(first.Json.GetProperty("id").GetString(), second.Json.GetProperty("id").GetString());
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, await InDbAsync(db => db.Projects.CountAsync(p => p.Name == "幂等登记项目", Ct)));
    }

    [Fact]
    public async Task A_task_completion_sent_twice_with_one_key_acts_once()
    {
        var (_, taskId) = await ConfirmationTaskAsync();
        var instanceId = Guid.Parse((await Api.GetAsync("jx-nongye", $"/api/tasks/{taskId}", Ct)).Json.GetProperty("instanceId").GetString()!);
        var auditBefore = await InDbAsync(db => db.Instances.Where(i => i.Id == instanceId).Select(i => i.AuditCount).SingleAsync(Ct));

        var first = (await Api.PostAsync("jx-nongye", $"/api/tasks/{taskId}/complete", new { outcome = "approve", opinion = "确认" }, Ct, idempotencyKey: "click")).Expect(HttpStatusCode.OK);
        var auditAfterFirst = await InDbAsync(db => db.Instances.Where(i => i.Id == instanceId).Select(i => i.AuditCount).SingleAsync(Ct));
        var again = (await Api.PostAsync("jx-nongye", $"/api/tasks/{taskId}/complete", new { outcome = "approve", opinion = "确认" }, Ct, idempotencyKey: "click")).Expect(HttpStatusCode.OK);
        var auditAfterSecond = await InDbAsync(db => db.Instances.Where(i => i.Id == instanceId).Select(i => i.AuditCount).SingleAsync(Ct));

        Assert.Equal(first.Json.ToString(), again.Json.ToString());
        Assert.True(auditAfterFirst > auditBefore);
        Assert.Equal(auditAfterFirst, auditAfterSecond);

        // Without the key the same click is a new command, and the engine says the task is done: 409 with its state.
        var late = (await Api.PostAsync("jx-nongye", $"/api/tasks/{taskId}/complete", new { outcome = "approve" }, Ct)).Expect(HttpStatusCode.Conflict);
        Assert.Equal("completed", late.Json.GetProperty("current").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_key_reused_for_another_request_is_refused_and_a_missing_key_is_named()
    {
        (await Api.PostAsync("yaozhuang", "/api/projects", JiaxingProjectOverHttpTests.NewProject("甲项目"), Ct, idempotencyKey: "reused")).Expect(HttpStatusCode.Created);
        var reused = (await Api.PostAsync("yaozhuang", "/api/projects", JiaxingProjectOverHttpTests.NewProject("乙项目"), Ct, idempotencyKey: "reused"))
            .Expect(HttpStatusCode.UnprocessableEntity);
        var missing = (await Api.SendAsync("yaozhuang", HttpMethod.Post, "/api/projects", JiaxingProjectOverHttpTests.NewProject("丙项目"), null, Ct))
            .Expect(HttpStatusCode.BadRequest);

        Assert.Equal(["Idempotency-Key"], reused.ErrorFields);
        Assert.Equal(["Idempotency-Key"], missing.ErrorFields);
        Assert.Equal(0, await InDbAsync(db => db.Projects.CountAsync(p => p.Name == "乙项目" || p.Name == "丙项目", Ct)));
    }

    [Fact]
    public async Task Of_two_clerks_completing_one_task_one_wins_and_the_other_gets_409_with_the_current_state()
    {
        var (_, taskId) = await ConfirmationTaskAsync();
        await Api.TokenAsync("jx-nongye", Ct);
        await Api.TokenAsync("jx-nongye-2", Ct);

        var answers = await Task.WhenAll(
            Api.PostAsync("jx-nongye", $"/api/tasks/{taskId}/complete", new { outcome = "approve", opinion = "甲确认" }, Ct),
            Api.PostAsync("jx-nongye-2", $"/api/tasks/{taskId}/complete", new { outcome = "approve", opinion = "乙确认" }, Ct));

        var winner = Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
        var loser = Assert.Single(answers, a => a.Status == HttpStatusCode.Conflict);
        var current = loser.Json.GetProperty("current");
        Assert.Equal("completed", current.GetProperty("status").GetString());
        Assert.Equal(winner.Json.GetProperty("opinion").GetString(), current.GetProperty("opinion").GetString());
        Assert.Equal(winner.Json.GetProperty("closedBy").GetString(), current.GetProperty("closedBy").GetString());
    }

    [Fact]
    public async Task A_task_claimed_by_a_colleague_cannot_be_decided_by_another_until_released()
    {
        var (_, taskId) = await ConfirmationTaskAsync();
        var claimed = (await Api.PostAsync("jx-nongye", $"/api/tasks/{taskId}/claim", null, Ct)).Expect(HttpStatusCode.OK).Json;
        Assert.Equal("嘉善县农业农村局 经办人", claimed.GetProperty("assignedToName").GetString());

        var blocked = (await Api.PostAsync("jx-nongye-2", $"/api/tasks/{taskId}/complete", new { outcome = "approve" }, Ct)).Expect(HttpStatusCode.Conflict);
        Assert.Equal("open", blocked.Json.GetProperty("current").GetProperty("status").GetString());
        (await Api.PostAsync("jx-nongye-2", $"/api/tasks/{taskId}/claim", null, Ct)).Expect(HttpStatusCode.Conflict);

        (await Api.PostAsync("jx-nongye", $"/api/tasks/{taskId}/delegate", new { userName = "jx-nongye-2" }, Ct)).Expect(HttpStatusCode.OK);
        (await Api.PostAsync("jx-nongye-2", $"/api/tasks/{taskId}/complete", new { outcome = "approve" }, Ct)).Expect(HttpStatusCode.OK);

        var timeline = (await Api.GetAsync("jx-nongye", $"/api/tasks/{taskId}", Ct)).Json;
        Assert.Equal("jx-nongye-2", timeline.GetProperty("closedBy").GetString());
    }

    [Fact]
    public async Task Delegating_outside_the_department_is_refused_naming_the_user()
    {
        var (_, taskId) = await ConfirmationTaskAsync();
        var refused = (await Api.PostAsync("jx-nongye", $"/api/tasks/{taskId}/delegate", new { userName = "jx-shuili" }, Ct)).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["userName"], refused.ErrorFields);
    }

    [Fact]
    public async Task A_project_with_bad_fields_is_refused_naming_each_and_nothing_is_written()
    {
        var bad = new
        {
            name = "",
            definitionId = "jiaxing",
            townCode = "330421102",
            area = -5,
            villages = new object[] { new { code = "3304", name = "北鹤村", electorate = 0, households = 10 } },
            subProjects = new object[] { new { key = "sp-x", name = "河道", department = "police", plan = "someday" } },
            facts = new { numbers = new Dictionary<string, decimal> { ["newFarmlandArea"] = -1m, ["noSuchFigure"] = 3m } },
        };

        var refused = (await Api.PostAsync("yaozhuang", "/api/projects", bad, Ct)).Expect(HttpStatusCode.UnprocessableEntity);

        Assert.Equal(
            ["area", "facts.numbers.newFarmlandArea", "facts.numbers.noSuchFigure", "name", "subProjects[0].department", "subProjects[0].plan",
             "villages[0].code", "villages[0].electorate"],
            refused.ErrorFields.Order(StringComparer.Ordinal));
        Assert.Equal(0, await InDbAsync(db => db.Projects.CountAsync(Ct)));
        Assert.Equal(0, await InDbAsync(db => db.AuditRecords.CountAsync(Ct)));
    }

    [Fact]
    public async Task An_implementing_entity_cannot_register_a_project_outside_its_county()
    {
        var refused = (await Api.PostAsync("jh-nanma", "/api/projects", JiaxingProjectOverHttpTests.NewProject("跨县登记项目"), Ct)).Expect(HttpStatusCode.UnprocessableEntity);

        Assert.Contains("townCode", refused.ErrorFields);
        Assert.Equal(0, await InDbAsync(db => db.Projects.CountAsync(Ct)));
    }

    [Fact]
    public async Task A_body_of_the_wrong_type_is_a_400_naming_its_JSON_path()
    {
        using var content = new StringContent("""{"name":"项目","area":"很大"}""", System.Text.Encoding.UTF8, "application/json");
        var refused = (await Api.SendAsync("yaozhuang", HttpMethod.Post, "/api/projects", null, "typed", Ct, content)).Expect(HttpStatusCode.BadRequest);

        Assert.Equal(["$.area"], refused.ErrorFields);
    }

    [Fact]
    public async Task A_null_inside_a_list_is_refused_naming_its_place_and_the_task_stays_open()
    {
        var (_, taskId) = await ConfirmationTaskAsync();

        var materials = await Api.PostAsync("jx-nongye", $"/api/tasks/{taskId}/accept-with-deferral", new { materials = new[] { "子项目施工图设计", null } }, Ct);
        var participants = await Api.PostAsync("jx-nongye", $"/api/tasks/{taskId}/complete", new { outcome = "approve", participants = new object?[] { null } }, Ct);
        var attachments = await Api.PostAsync("jx-nongye", $"/api/tasks/{taskId}/complete", new { outcome = "approve", attachmentIds = new Guid?[] { null } }, Ct);
        var task = (await Api.GetAsync("jx-nongye", $"/api/tasks/{taskId}", Ct)).Expect(HttpStatusCode.OK).Json;

        Assert.Equal(HttpStatusCode.UnprocessableEntity, materials.Status);
        Assert.Equal(["materials[1]"], materials.ErrorFields);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, participants.Status);
        Assert.Contains("participants[0].name", participants.ErrorFields);
        Assert.Equal(HttpStatusCode.BadRequest, attachments.Status);
        Assert.Equal(["$.attachmentIds[0]"], attachments.ErrorFields);
        Assert.Equal("open", task.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_draft_is_edited_with_its_version_a_stale_version_gets_409_and_a_started_project_cannot_be_edited()
    {
        var created = (await Api.PostAsync("yaozhuang", "/api/projects", JiaxingProjectOverHttpTests.NewProject("待修改项目"), Ct)).Expect(HttpStatusCode.Created).Json;
        var id = created.GetProperty("id").GetString();
        var edit = JsonSerializer.SerializeToNode(JiaxingProjectOverHttpTests.NewProject("已修改项目"))!.AsObject();
        edit["version"] = 1;

        var edited = (await Api.PutAsync("yaozhuang", $"/api/projects/{id}", edit, Ct)).Expect(HttpStatusCode.OK).Json;
        var stale = (await Api.PutAsync("yaozhuang", $"/api/projects/{id}", edit, Ct)).Expect(HttpStatusCode.Conflict);
        (await Api.PostAsync("yaozhuang", $"/api/projects/{id}/start", null, Ct)).Expect(HttpStatusCode.OK);
        edit["version"] = 3;
        var started = (await Api.PutAsync("yaozhuang", $"/api/projects/{id}", edit, Ct)).Expect(HttpStatusCode.Conflict);

        Assert.Equal("已修改项目", edited.GetProperty("name").GetString());
        Assert.Equal(2, edited.GetProperty("version").GetInt32());
        Assert.Equal(2, stale.Json.GetProperty("current").GetProperty("version").GetInt32());
        Assert.Equal("started", started.Json.GetProperty("current").GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_impossible_vote_record_is_refused_naming_its_figures_and_the_village_still_waits()
    {
        var projectId = await Api.StartAsync("表决环节项目", Ct);
        await Api.AdvanceToConsentAsync(projectId, Ct);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

        var minutes = await Api.UploadPdfAsync("beihe", projectId, "会议记录.pdf", "minutes", Ct);
        var refused = (await Api.PostAsync("beihe", $"/api/projects/{projectId}/villages/330421102201/consent-meetings", new
        {
            body = "villagers-meeting", meetingDate = today, noticeDate = today.AddDays(-3), electorate = 300, attendance = 320, yes = 200, no = 10, abstain = 5,
            minutesAttachmentId = minutes,
        }, Ct)).Expect(HttpStatusCode.UnprocessableEntity);

        Assert.Contains("attendance", refused.ErrorFields);
        Assert.Contains("yes", refused.ErrorFields);
        Assert.Contains("noticeDate", refused.ErrorFields);
        Assert.Equal(0, await InDbAsync(db => db.ConsentMeetings.CountAsync(Ct)));
        var project = (await Api.GetAsync("beihe", $"/api/projects/{projectId}", Ct)).Expect(HttpStatusCode.OK).Json;
        Assert.Contains(project.GetProperty("process").GetProperty("waiting").EnumerateArray(), w => w.GetProperty("key").GetString() == "330421102201");
    }
}
