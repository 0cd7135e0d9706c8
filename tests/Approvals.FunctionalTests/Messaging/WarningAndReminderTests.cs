using System.Net;
using System.Text.Json;
using Approvals.FunctionalTests.Cases;
using Approvals.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.FunctionalTests.Messaging;

/// <summary>
/// Yellow and red on the working-day calendar, with a clock the test moves: each state change notifies the
/// department once, an overdue task escalates to the county's leading group office, and a manager's 催办 is
/// delivered, audited and limited.
/// </summary>
public sealed class WarningAndReminderTests() : ApiTestHost(
    new Dictionary<string, string?> { ["Approvals:Timers:PollSeconds"] = "0.2" },
    services => services.AddSingleton<TimeProvider>(Clock))
{
    // Monday 23 November 2026, 09:00 in China.
    private static readonly ManualClock Clock = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(8)));

    private async Task<List<JsonElement>> NotificationsAsync(string user, string type, int atLeast = 1)
    {
        for (var attempt = 0; ; attempt++)
        {
            var items = (await Api.GetAsync(user, "/api/notifications?pageSize=100", Ct)).Expect(HttpStatusCode.OK).Json.GetProperty("items")
                .EnumerateArray().Where(i => i.GetProperty("type").GetString() == type).ToList();
            if (items.Count >= atLeast || attempt == 150)
            {
                return items;
            }

            await Task.Delay(100, Ct);
        }
    }

    [Fact]
    public async Task A_task_turns_yellow_then_red_on_the_calendar_notifying_once_each_and_escalating_when_overdue()
    {
        var projectId = await Api.StartAsync("预警测试项目", Ct);
        var task = (await Api.GetAsync("jx-nongye", $"/api/inbox?project={projectId}", Ct)).Json.GetProperty("items")[0];
        var dueAt = task.GetProperty("dueAt").GetDateTimeOffset();
        Assert.Equal(JsonValueKind.Null, task.GetProperty("warning").ValueKind);

        // An hour before the time limit ends: inside the yellow window (two working days by default).
        Clock.Set(dueAt.AddHours(-1));
        Api.ForgetTokens();
        var yellow = await NotificationsAsync("jx-nongye", "approvals.task-due-soon.v1");
        Assert.Single(yellow);
        Assert.Equal("yellow", (await Api.GetAsync("jx-nongye", $"/api/tasks/{task.GetProperty("taskId").GetString()}", Ct)).Json.GetProperty("warning").GetString());

        // Past the end of the last working day: red, once, and the county's leading group office is told.
        Clock.Set(dueAt.AddHours(1));
        Api.ForgetTokens();
        var red = await NotificationsAsync("jx-nongye", "approvals.task-overdue.v1");
        var escalated = (await NotificationsAsync("jx-xian-bangongshi", "approvals.task-escalated.v1", atLeast: 3))
            .Where(e => e.GetProperty("taskId").GetString() == task.GetProperty("taskId").GetString()).ToList();
        await Task.Delay(1000, Ct);

        Assert.Single(red);
        Assert.Equal(3, (await NotificationsAsync("jx-xian-bangongshi", "approvals.task-escalated.v1", atLeast: 3)).Count);
        Assert.Single(await NotificationsAsync("jx-nongye", "approvals.task-due-soon.v1"));
        Assert.Single(await NotificationsAsync("jx-nongye", "approvals.task-overdue.v1"));
        var escalation = Assert.Single(escalated);
        Assert.Equal(task.GetProperty("taskId").GetString(), escalation.GetProperty("taskId").GetString());
        Assert.Equal("超期督办：确认在建、拟同步建设及不开展的子项目（农业农村部门）（预警测试项目）", escalation.GetProperty("title").GetString());
        Assert.Equal("red", (await Api.GetAsync("jx-nongye", $"/api/tasks/{task.GetProperty("taskId").GetString()}", Ct)).Json.GetProperty("warning").GetString());
        var events = await InDbAsync(db => MessageContracts.AssertDocumentedAsync(db, projectId, "jiaxing@5", Ct));
        Assert.Superset(new HashSet<string> { "task-due-soon", "task-overdue", "task-escalated" }, events);
    }

    [Fact]
    public async Task A_manager_reminds_a_department_which_is_notified_and_a_second_reminder_waits_four_hours()
    {
        var projectId = await Api.StartAsync("催办测试项目", Ct);
        var taskId = (await Api.GetAsync("jx-nongye", $"/api/inbox?project={projectId}", Ct)).Json.GetProperty("items")[0].GetProperty("taskId").GetString();

        var sent = (await Api.PostAsync("jx-xian-bangongshi", $"/api/tasks/{taskId}/remind", new { message = "请于本周内出具确认书" }, Ct)).Expect(HttpStatusCode.OK).Json;
        var notified = await NotificationsAsync("jx-nongye", "approvals.task-reminded.v1");
        var again = await Api.PostAsync("jx-shi-bangongshi", $"/api/tasks/{taskId}/remind", new { }, Ct);
        var clerk = await Api.PostAsync("jx-shuili", $"/api/tasks/{taskId}/remind", new { }, Ct);

        Assert.Equal("催办：确认在建、拟同步建设及不开展的子项目（催办测试项目）", Assert.Single(notified).GetProperty("title").GetString());
        again.Expect(HttpStatusCode.TooManyRequests);
        Assert.True(again.Headers.RetryAfter?.Delta > TimeSpan.FromHours(3.9));
        clerk.Expect(HttpStatusCode.Forbidden);

        Clock.Set(sent.GetProperty("nextAllowedAt").GetDateTimeOffset());
        (await Api.PostAsync("jx-shi-bangongshi", $"/api/tasks/{taskId}/remind", new { }, Ct)).Expect(HttpStatusCode.OK);
        var timeline = (await Api.GetAsync("yaozhuang", $"/api/projects/{projectId}/timeline", Ct)).Json;
        Assert.Equal(2, timeline.EnumerateArray().Count(e => e.GetProperty("action").GetString() == "task.reminded"));
        Assert.Contains("task-reminded", await InDbAsync(db => MessageContracts.AssertDocumentedAsync(db, projectId, "jiaxing@5", Ct)));
    }

    [Fact]
    public async Task A_county_office_refers_a_task_to_the_citys_office_once_with_its_reason_and_the_city_to_the_province()
    {
        var projectId = await Api.StartAsync("督办测试项目", Ct);
        var taskId = (await Api.GetAsync("jx-nongye", $"/api/inbox?project={projectId}", Ct)).Json.GetProperty("items")[0].GetProperty("taskId").GetString();
        var path = $"/api/tasks/{taskId}/escalate";

        var reasonless = (await Api.PostAsync("jx-xian-bangongshi", path, new { reason = " " }, Ct)).Expect(HttpStatusCode.UnprocessableEntity);
        var clerk = await Api.PostAsync("jx-nongye", path, new { reason = "自己督办自己" }, Ct);
        var county = (await Api.PostAsync("jx-xian-bangongshi", path, new { reason = "逾期未确认子项目，影响立项" }, Ct)).Expect(HttpStatusCode.OK).Json;
        var again = await Api.PostAsync("jx-xian-bangongshi", path, new { reason = "再次提请" }, Ct);
        var city = (await Api.PostAsync("jx-shi-bangongshi", path, new { reason = "县级督办后仍未办理" }, Ct)).Expect(HttpStatusCode.OK).Json;
        var notified = await NotificationsAsync("jx-shi-bangongshi", "approvals.task-referred.v1");

        Assert.Equal(["reason"], reasonless.ErrorFields);
        clerk.Expect(HttpStatusCode.Forbidden);
        Assert.Equal("330400", county.GetProperty("to").GetString());
        again.Expect(HttpStatusCode.Conflict);
        Assert.Equal("330000", city.GetProperty("to").GetString());
        Assert.Equal("提请督办：确认在建、拟同步建设及不开展的子项目（农业农村部门）（督办测试项目）", Assert.Single(notified).GetProperty("title").GetString());
        var timeline = (await Api.GetAsync("yaozhuang", $"/api/projects/{projectId}/timeline", Ct)).Json;
        Assert.Equal(2, timeline.EnumerateArray().Count(e => e.GetProperty("action").GetString() == "task.escalated"));
        Assert.Contains("task-referred", await InDbAsync(db => MessageContracts.AssertDocumentedAsync(db, projectId, "jiaxing@5", Ct)));
    }
}
