using System.Net;
using System.Text.Json;
using Approvals.FunctionalTests.Cases;
using Approvals.Server.Messaging;
using Approvals.Testing;

namespace Approvals.FunctionalTests.Messaging;

/// <summary>A department's outbound webhook: signed posts; a failing receiver's delivery is retried, then dead-lettered, then replayed.</summary>
public sealed class WebhookTests() : ApiTestHost(new Dictionary<string, string?>
{
    ["Approvals:Webhooks:PollSeconds"] = "0.2",
    ["Approvals:Webhooks:FirstRetrySeconds"] = "0.2",
})
{
    private const string Secret = "nongye-webhook-secret-2026";

    private static async Task WaitAsync(Func<Task<bool>> done, string what)
    {
        for (var attempt = 0; attempt < 150; attempt++)
        {
            if (await done())
            {
                return;
            }

            await Task.Delay(100, Ct);
        }

        Assert.Fail($"waited in vain for {what}");
    }

    [Fact]
    public async Task A_departments_system_gets_each_of_its_messages_as_a_signed_post()
    {
        await using var receiver = new WebhookReceiver();
        (await Api.PutAsync("jx-nongye", "/api/webhooks/mine", new { url = receiver.Url, secret = Secret }, Ct)).Expect(HttpStatusCode.OK);

        var projectId = await Api.StartAsync("回调测试项目", Ct);
        await WaitAsync(() => Task.FromResult(!receiver.Received.IsEmpty), "a post");

        var (headers, body, _) = receiver.Received.First();
        var message = JsonDocument.Parse(body).RootElement;
        var timestamp = long.Parse(headers[WebhookSender.TimestampHeader], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(WebhookSender.Sign(Secret, timestamp, body), headers[WebhookSender.SignatureHeader]);
        Assert.NotEqual(WebhookSender.Sign("another-secret-entirely", timestamp, body), headers[WebhookSender.SignatureHeader]);
        Assert.Equal(message.GetProperty("messageId").GetString(), headers[WebhookSender.MessageIdHeader]);
        Assert.Equal("approvals.task-assigned.v1", message.GetProperty("type").GetString());
        Assert.Equal(projectId, message.GetProperty("projectId").GetString());
        Assert.Equal("agriculture-rural", message.GetProperty("addressee").GetProperty("code").GetString());

        // The sender marks a delivery delivered once the receiver's answer is in, a moment after the receiver has the post.
        var delivered = 0;
        await WaitAsync(async () => (delivered = (await Api.GetAsync("jx-nongye", "/api/webhooks/mine/deliveries?status=delivered", Ct)).Json.GetArrayLength())
            >= receiver.Received.Count, "the deliveries marked delivered");
        Assert.Equal(receiver.Received.Count, delivered);
        Assert.Equal(0, (await Api.GetAsync("jx-shuili", "/api/webhooks/mine/deliveries", Ct)).Json.GetArrayLength());
    }

    [Fact]
    public async Task A_failing_receiver_is_retried_then_dead_lettered_and_an_operator_replays_it()
    {
        await using var receiver = new WebhookReceiver { Answer = HttpStatusCode.InternalServerError };
        (await Api.PutAsync("jx-nongye", "/api/webhooks/mine", new { url = receiver.Url, secret = Secret, maxAttempts = 3 }, Ct)).Expect(HttpStatusCode.OK);

        await Api.StartAsync("回调失败项目", Ct);
        List<JsonElement> dead = [];
        await WaitAsync(async () => (dead = [.. (await Api.GetAsync("jx-nongye", "/api/webhooks/mine/deliveries?status=dead", Ct)).Json.EnumerateArray()]).Count > 0, "a dead letter");

        var letter = Assert.Single(dead);
        Assert.Equal(3, letter.GetProperty("attempts").GetInt32());
        Assert.Equal(500, letter.GetProperty("lastStatusCode").GetInt32());
        Assert.Equal(3, receiver.Received.Count);
        (await Api.PostAsync("jx-shuili", $"/api/webhooks/mine/deliveries/{letter.GetProperty("id").GetString()}/replay", null, Ct)).Expect(HttpStatusCode.Forbidden);

        receiver.Answer = HttpStatusCode.NoContent;
        (await Api.PostAsync("jx-nongye", $"/api/webhooks/mine/deliveries/{letter.GetProperty("id").GetString()}/replay", null, Ct)).Expect(HttpStatusCode.OK);
        await WaitAsync(async () => (await Api.GetAsync("jx-nongye", "/api/webhooks/mine/deliveries?status=delivered", Ct)).Json.GetArrayLength() == 1, "the replay");

        Assert.Equal(4, receiver.Received.Count);
        Assert.Equal(HttpStatusCode.NoContent, receiver.Received.Last().Answered);
        Assert.Empty((await Api.GetAsync("jx-nongye", "/api/webhooks/mine/deliveries?status=dead", Ct)).Json.EnumerateArray());
    }

    [Fact]
    public async Task A_webhook_needs_an_http_address_and_a_long_secret()
    {
        var refused = (await Api.PutAsync("jx-nongye", "/api/webhooks/mine", new { url = "ftp://example", secret = "short", maxAttempts = 99 }, Ct))
            .Expect(HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["maxAttempts", "secret", "url"], refused.ErrorFields.Order(StringComparer.Ordinal));
        (await Api.GetAsync("jx-nongye", "/api/webhooks/mine", Ct)).Expect(HttpStatusCode.NotFound);
    }
}
