using System.Net;
using Approvals.FunctionalTests.Cases;
using Approvals.Messaging.Contracts;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.FunctionalTests.Messaging;

/// <summary>The embedded default's whole path: engine step → outbox → relay → in-memory bus → the department's notification list.</summary>
public sealed class NotificationTests : ApiTestHost
{
    private async Task<System.Text.Json.JsonElement> WaitForNotificationsAsync(string user, int atLeast)
    {
        for (var attempt = 0; ; attempt++)
        {
            var page = (await Api.GetAsync(user, "/api/notifications", Ct)).Expect(HttpStatusCode.OK).Json;
            if (page.GetProperty("total").GetInt32() >= atLeast || attempt == 100)
            {
                return page;
            }

            await Task.Delay(100, Ct);
        }
    }

    [Fact]
    public async Task A_department_is_notified_of_its_new_task_with_the_project_and_deadline_and_can_mark_it_read()
    {
        var projectId = await Api.StartAsync("通知测试项目", Ct);

        var page = await WaitForNotificationsAsync("jx-nongye", 1);
        var item = page.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("type").GetString() == "approvals.task-assigned.v1");
        var inbox = (await Api.GetAsync("jx-nongye", $"/api/inbox?project={projectId}", Ct)).Json.GetProperty("items")[0];
        Assert.Equal("新待办：确认在建、拟同步建设及不开展的子项目（通知测试项目）", item.GetProperty("title").GetString());
        Assert.Equal(inbox.GetProperty("taskId").GetString(), item.GetProperty("taskId").GetString());
        Assert.Equal(inbox.GetProperty("dueAt").GetDateTimeOffset(), item.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(1, page.GetProperty("unread").GetInt32());

        // Only the addressee's list has it.
        Assert.Equal(0, (await Api.GetAsync("jx-ziranziyuan", "/api/notifications", Ct)).Json.GetProperty("total").GetInt32());

        var read = (await Api.PostAsync("jx-nongye", $"/api/notifications/{item.GetProperty("id").GetString()}/read", null, Ct)).Expect(HttpStatusCode.OK).Json;
        Assert.Equal("jx-nongye", read.GetProperty("readBy").GetString());
        Assert.Equal(0, (await Api.GetAsync("jx-nongye", "/api/notifications/unread-count", Ct)).Json.GetProperty("unread").GetInt32());
        (await Api.PostAsync("jx-shuili", $"/api/notifications/{item.GetProperty("id").GetString()}/read", null, Ct)).Expect(HttpStatusCode.Forbidden);

        // Every outbox row of the step was relayed.
        Assert.Equal(0, await InDbAsync(db => db.OutboxMessages.CountAsync(m => m.SentAt == null, Ct)));
    }

    [Fact]
    public async Task A_message_delivered_twice_is_kept_once()
    {
        var bus = Factory.Services.GetRequiredService<IBus>();
        var message = new DepartmentMessage
        {
            MessageId = Guid.NewGuid(), Type = "approvals.task-due-soon.v1", OccurredAt = DateTimeOffset.UtcNow, ProjectId = "p-1", ProjectName = "重复投递项目",
            InstanceId = Guid.NewGuid(), StepName = "部门审查实施方案", Addressee = new MessageAddressee("department", "water-resources", "330421"),
        };

        await bus.Publish(message, Ct);
        await bus.Publish(message, Ct);
        var page = await WaitForNotificationsAsync("jx-shuili", 1);
        await Task.Delay(500, Ct);

        Assert.Equal(1, await InDbAsync(db => db.Notifications.CountAsync(n => n.MessageId == message.MessageId, Ct)));
        Assert.Equal("即将到期：部门审查实施方案（重复投递项目）", page.GetProperty("items")[0].GetProperty("title").GetString());
    }
}
