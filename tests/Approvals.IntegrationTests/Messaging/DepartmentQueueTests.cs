using System.Net;
using System.Text;
using System.Text.Json;
using Approvals.Persistence;
using Approvals.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

namespace Approvals.IntegrationTests.Messaging;

/// <summary>
/// Departments' messages on real RabbitMQ: each addressed department finds the step's message on its own queue;
/// with the broker away steps still complete and their messages wait in the outbox; when it returns every
/// message arrives, and each is delivered to the notification list once.
/// </summary>
[Collection(SharedBroker.Name)]
public sealed class DepartmentQueueTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Takes every message now on the queue, keeping those of this project (the broker is shared with other tests).</summary>
    private static async Task<List<JsonElement>> DrainAsync(string queue, string projectId, int atLeast)
    {
        var factory = new ConnectionFactory { Uri = TestServers.RabbitMq };
        await using var connection = await factory.CreateConnectionAsync(Ct);
        var channel = await connection.CreateChannelAsync(cancellationToken: Ct);
        var found = new List<JsonElement>();
        for (var attempt = 0; attempt < 300 && found.Count < atLeast; attempt++)
        {
            // The relay declares a department's queue just before its first message: until then it does not exist.
            if (!await ExistsAsync(connection, queue))
            {
                await Task.Delay(100, Ct);
                continue;
            }

            while (await channel.BasicGetAsync(queue, autoAck: false, Ct) is { } delivery)
            {
                var message = JsonDocument.Parse(Encoding.UTF8.GetString(delivery.Body.Span)).RootElement.Clone();
                // Another test's leftovers (the tests of this class run one after another) are taken off too.
                await channel.BasicAckAsync(delivery.DeliveryTag, false, Ct);
                if (message.GetProperty("projectId").GetString() == projectId)
                {
                    found.Add(message);
                }
            }

            if (found.Count < atLeast)
            {
                await Task.Delay(100, Ct);
            }
        }

        await channel.DisposeAsync();
        return found;
    }

    private static async Task<bool> ExistsAsync(IConnection connection, string queue)
    {
        // A passive declaration of a missing queue closes its channel: ask on a channel of its own.
        await using var probe = await connection.CreateChannelAsync(cancellationToken: Ct);
        try
        {
            await probe.QueueDeclarePassiveAsync(queue, Ct);
            return true;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return false;
        }
    }

    [Fact]
    public async Task Starting_a_project_puts_each_confirmation_on_its_departments_own_queue()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var (node, api) = await ServerNode.StartAsync(database, TestServers.RabbitMq, Ct);
        await using (node)
        {
            var id = (await api.PostAsync("yaozhuang", "/api/projects", ServerNode.Project("部门队列项目"), Ct)).Expect(HttpStatusCode.Created).Json.GetProperty("id").GetString()!;
            (await api.PostAsync("yaozhuang", $"/api/projects/{id}/start", null, Ct)).Expect(HttpStatusCode.OK);
            var select = (await api.GetAsync("yaozhuang", $"/api/inbox?project={id}", Ct)).Json.GetProperty("items")[0].GetProperty("taskId").GetString();
            (await api.PostAsync("yaozhuang", $"/api/tasks/{select}/complete", new { outcome = "approve" }, Ct)).Expect(HttpStatusCode.OK);

            var farmland = await DrainAsync("approvals.department.330421.agriculture-rural", id, 1);
            var water = await DrainAsync("approvals.department.330421.water-resources", id, 1);
            var task = (await api.GetAsync("jx-nongye", $"/api/inbox?project={id}", Ct)).Json.GetProperty("items")[0];

            var message = Assert.Single(farmland, m => m.GetProperty("type").GetString() == "approvals.task-assigned.v1");
            Assert.Single(water, m => m.GetProperty("type").GetString() == "approvals.task-assigned.v1");
            Assert.Equal("部门队列项目", message.GetProperty("projectName").GetString());
            Assert.Equal("confirm-sub-projects", message.GetProperty("stepId").GetString());
            Assert.Equal("agriculture-rural", message.GetProperty("addressee").GetProperty("code").GetString());
            Assert.Equal($"/api/tasks/{task.GetProperty("taskId").GetString()}", message.GetProperty("taskLink").GetString());
            Assert.Equal(task.GetProperty("dueAt").GetDateTimeOffset(), message.GetProperty("dueAt").GetDateTimeOffset());

            // The town's own queue had its task, not the departments'.
            var town = await DrainAsync("approvals.role.330421102/implementing-entity.implementing-entity", id, 1);
            Assert.All(town, m => Assert.Equal("implementing-entity", m.GetProperty("addressee").GetProperty("code").GetString()));
        }
    }

    [Fact]
    public async Task With_the_broker_away_steps_complete_and_wait_in_the_outbox_then_every_message_arrives_once_in_effect()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var proxy = new TcpProxy(TestServers.RabbitMq.Host, TestServers.RabbitMq.Port);
        proxy.Start();
        var broker = new UriBuilder(TestServers.RabbitMq) { Host = "127.0.0.1", Port = proxy.Port }.Uri;
        var (node, api) = await ServerNode.StartAsync(database, broker, Ct);
        await using (node)
        {
            proxy.Stop();
            var id = (await api.PostAsync("yaozhuang", "/api/projects", ServerNode.Project("断线期间的项目"), Ct)).Expect(HttpStatusCode.Created).Json.GetProperty("id").GetString()!;
            (await api.PostAsync("yaozhuang", $"/api/projects/{id}/start", null, Ct)).Expect(HttpStatusCode.OK);
            var select = (await api.GetAsync("yaozhuang", $"/api/inbox?project={id}", Ct)).Json.GetProperty("items")[0].GetProperty("taskId").GetString();
            (await api.PostAsync("yaozhuang", $"/api/tasks/{select}/complete", new { outcome = "approve" }, Ct)).Expect(HttpStatusCode.OK);

            await using var scope = node.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>();
            var written = await db.OutboxMessages.AsNoTracking().Select(m => m.Id).ToListAsync(Ct);
            await Task.Delay(TimeSpan.FromSeconds(3), Ct);
            var waiting = await db.OutboxMessages.AsNoTracking().CountAsync(m => m.SentAt == null, Ct);
            var ready = await api.Client.GetAsync("/health/ready", Ct);
            var report = await ready.Content.ReadAsStringAsync(Ct);

            Assert.True(written.Count >= 4, $"{written.Count} outbox rows");
            Assert.Equal(written.Count, waiting);
            Assert.Contains("message(s) waiting", report, StringComparison.Ordinal);

            proxy.Start();
            for (var attempt = 0; attempt < 120 && await db.OutboxMessages.AsNoTracking().AnyAsync(m => m.SentAt == null, Ct); attempt++)
            {
                await Task.Delay(500, Ct);
            }

            Assert.False(await db.OutboxMessages.AsNoTracking().AnyAsync(m => m.SentAt == null, Ct), "the outbox drained after the broker returned");
            var farmland = await DrainAsync("approvals.department.330421.agriculture-rural", id, 1);
            Assert.Contains(farmland, m => m.GetProperty("type").GetString() == "approvals.task-assigned.v1");

            // Each addressed message is on its addressee's notification list exactly once.
            var addressed = farmland.Select(m => m.GetProperty("messageId").GetGuid()).Distinct().ToList();
            // The notification endpoint reconnects to the broker on its own backoff, which a loaded machine stretches.
            for (var attempt = 0; attempt < 600 && await db.Notifications.AsNoTracking().Select(n => n.MessageId).Where(m => addressed.Contains(m)).Distinct().CountAsync(Ct) < addressed.Count; attempt++)
            {
                await Task.Delay(100, Ct);
            }

            foreach (var messageId in addressed)
            {
                Assert.Equal(1, await db.Notifications.AsNoTracking().CountAsync(n => n.MessageId == messageId, Ct));
            }
        }
    }

    [Fact]
    public async Task Over_RabbitMQ_a_departments_webhook_gets_its_messages_as_signed_posts()
    {
        const string secret = "shuili-webhook-secret-2026";
        await using var database = await PostgresTestDatabase.CreateAsync();
        var (node, api) = await ServerNode.StartAsync(database, TestServers.RabbitMq, Ct, new Dictionary<string, string?> { ["Approvals:Webhooks:PollSeconds"] = "0.2" });
        await using (node)
        {
            await using var receiver = new WebhookReceiver();
            (await api.PutAsync("jx-shuili", "/api/webhooks/mine", new { url = receiver.Url, secret }, Ct)).Expect(HttpStatusCode.OK);
            var id = (await api.PostAsync("yaozhuang", "/api/projects", ServerNode.Project("回调经消息队列的项目"), Ct)).Expect(HttpStatusCode.Created).Json.GetProperty("id").GetString()!;
            (await api.PostAsync("yaozhuang", $"/api/projects/{id}/start", null, Ct)).Expect(HttpStatusCode.OK);
            var select = (await api.GetAsync("yaozhuang", $"/api/inbox?project={id}", Ct)).Json.GetProperty("items")[0].GetProperty("taskId").GetString();
            (await api.PostAsync("yaozhuang", $"/api/tasks/{select}/complete", new { outcome = "approve" }, Ct)).Expect(HttpStatusCode.OK);

            for (var attempt = 0; attempt < 300 && !receiver.Received.Any(r => r.Body.Contains(id, StringComparison.Ordinal)); attempt++)
            {
                await Task.Delay(100, Ct);
            }

            var (headers, body, _) = Assert.Single(receiver.Received, r => r.Body.Contains(id, StringComparison.Ordinal));
            var message = JsonDocument.Parse(body).RootElement;
            var timestamp = long.Parse(headers[Approvals.Server.Messaging.WebhookSender.TimestampHeader], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(Approvals.Server.Messaging.WebhookSender.Sign(secret, timestamp, body), headers[Approvals.Server.Messaging.WebhookSender.SignatureHeader]);
            Assert.Equal("approvals.task-assigned.v1", message.GetProperty("type").GetString());
            Assert.Equal("water-resources", message.GetProperty("addressee").GetProperty("code").GetString());
            // It went by the broker: the relay marks its outbox row sent once RabbitMQ confirmed it (which may be just after the post).
            await using var scope = node.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>();
            var messageId = message.GetProperty("messageId").GetGuid();
            DateTimeOffset? sent = null;
            for (var attempt = 0; attempt < 100 && sent is null; attempt++)
            {
                sent = await db.OutboxMessages.AsNoTracking().Where(m => m.Id == messageId).Select(m => m.SentAt).SingleAsync(Ct);
                await Task.Delay(sent is null ? 100 : 0, Ct);
            }

            Assert.NotNull(sent);
        }
    }

    [Fact]
    public async Task Over_RabbitMQ_a_task_turns_yellow_then_red_on_the_calendar_and_the_overdue_one_escalates_to_the_county_office()
    {
        // Monday 23 November 2026, 09:00 in China; the test moves the service's clock.
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(8)));
        await using var database = await PostgresTestDatabase.CreateAsync();
        var (node, api) = await ServerNode.StartAsync(database, TestServers.RabbitMq, Ct, new Dictionary<string, string?> { ["Approvals:Timers:PollSeconds"] = "0.2" },
            services => services.AddSingleton<TimeProvider>(clock), clock.GetUtcNow());
        await using (node)
        {
            var id = (await api.PostAsync("yaozhuang", "/api/projects", ServerNode.Project("预警经消息队列的项目"), Ct)).Expect(HttpStatusCode.Created).Json.GetProperty("id").GetString()!;
            (await api.PostAsync("yaozhuang", $"/api/projects/{id}/start", null, Ct)).Expect(HttpStatusCode.OK);
            var select = (await api.GetAsync("yaozhuang", $"/api/inbox?project={id}", Ct)).Json.GetProperty("items")[0].GetProperty("taskId").GetString();
            (await api.PostAsync("yaozhuang", $"/api/tasks/{select}/complete", new { outcome = "approve" }, Ct)).Expect(HttpStatusCode.OK);
            var task = (await api.GetAsync("jx-nongye", $"/api/inbox?project={id}", Ct)).Json.GetProperty("items")[0];
            var dueAt = task.GetProperty("dueAt").GetDateTimeOffset();
            const string farmland = "approvals.department.330421.agriculture-rural";
            var assigned = await DrainAsync(farmland, id, 1);

            // An hour before the last working day ends: yellow. An hour after: red, and the county's office is told.
            clock.Set(dueAt.AddHours(-1));
            var yellow = await DrainAsync(farmland, id, 1);
            clock.Set(dueAt.AddHours(1));
            var red = await DrainAsync(farmland, id, 1);
            var escalated = (await DrainAsync("approvals.department.330421.leading-group-office", id, 2))
                .Where(m => m.GetProperty("type").GetString() == "approvals.task-escalated.v1").ToList();

            Assert.Contains(assigned, m => m.GetProperty("type").GetString() == "approvals.task-assigned.v1");
            Assert.Equal(["approvals.task-due-soon.v1"], yellow.Select(m => m.GetProperty("type").GetString()));
            Assert.Equal(["approvals.task-overdue.v1"], red.Select(m => m.GetProperty("type").GetString()));
            // Both departments' confirmations ran late; each escalates once.
            Assert.Equal(["agriculture-rural", "water-resources"], escalated.Select(m => m.GetProperty("data").GetProperty("overdueCode").GetString()).Order());
            Assert.Contains(escalated, m => m.GetProperty("taskId").GetString() == task.GetProperty("taskId").GetString());
        }
    }
}
