using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Approvals.Persistence;
using Approvals.Runtime.Workers;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Messaging;

/// <summary>
/// POSTs queued deliveries to organisations' webhooks, on every node (claimed by lease): the JSON message,
/// signed with HMAC-SHA256 over "{timestamp}.{body}" in <c>X-Approvals-Signature: sha256=…</c>. A 2xx answer
/// delivers it; anything else is retried with a growing delay, and after the webhook's attempts the delivery is
/// dead-lettered for an operator to replay.
/// </summary>
public sealed class WebhookSender(
    IServiceScopeFactory scopes, IHttpClientFactory http, IConfiguration configuration, TimeProvider time, ILogger<WebhookSender> logger)
    : PollingWorker(time, logger)
{
    public const string Client = "webhooks";
    public const string SignatureHeader = "X-Approvals-Signature";
    public const string TimestampHeader = "X-Approvals-Timestamp";
    public const string MessageIdHeader = "X-Approvals-Message-Id";

    private const int Batch = 20;

    private readonly TimeSpan _firstDelay = TimeSpan.FromSeconds(configuration.GetValue("Approvals:Webhooks:FirstRetrySeconds", 2.0));

    protected override TimeSpan Pause { get; } = TimeSpan.FromSeconds(configuration.GetValue("Approvals:Webhooks:PollSeconds", 1.0));

    public static string Sign(string secret, long timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp.ToString(CultureInfo.InvariantCulture)}.{body}")));

    protected override async Task<Pass> PassAsync(CancellationToken cancellationToken) =>
        await SendDueAsync(cancellationToken) < Batch ? Pass.Idle : Pass.Busy;

    private async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>();
        var gate = scope.ServiceProvider.GetRequiredService<WriteGate>();
        var claimed = await scope.ServiceProvider.GetRequiredService<LeaseClaims>()
            .ClaimAsync(LeasedTable.WebhookDeliveries, NodeName, Time.GetUtcNow(), TimeSpan.FromMinutes(1), Batch, cancellationToken);

        foreach (var id in claimed)
        {
            var delivery = await db.WebhookDeliveries.FirstAsync(d => d.Id == id, cancellationToken);
            var hook = await db.Webhooks.AsNoTracking().FirstOrDefaultAsync(w => w.OrganisationId == delivery.OrganisationId, cancellationToken);
            delivery.Attempts++;
            try
            {
                if (hook is null)
                {
                    throw new InvalidOperationException("the organisation has no webhook any more");
                }

                var timestamp = Time.GetUtcNow().ToUnixTimeSeconds();
                using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json") };
                request.Headers.Add(SignatureHeader, Sign(hook.Secret, timestamp, delivery.Body));
                request.Headers.Add(TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
                request.Headers.Add(MessageIdHeader, delivery.MessageId.ToString());
                using var response = await http.CreateClient(Client).SendAsync(request, cancellationToken);
                delivery.LastStatusCode = (int)response.StatusCode;
                if (!response.IsSuccessStatusCode)
                {
                    throw new HttpRequestException($"the webhook answered {(int)response.StatusCode}");
                }

                delivery.Status = "delivered";
                delivery.DeliveredAt = Time.GetUtcNow();
                delivery.LastError = null;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                delivery.LastError = ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message;
                if (delivery.Attempts >= (hook?.MaxAttempts ?? 1))
                {
                    delivery.Status = "dead";
                    Logger.LogWarning("Webhook delivery {Id} to {Organisation} dead-lettered after {Attempts} attempts: {Error}", delivery.Id, delivery.OrganisationId, delivery.Attempts, ex.Message);
                }
                else
                {
                    delivery.AvailableAt = Time.GetUtcNow() + TimeSpan.FromSeconds(Math.Min(300, _firstDelay.TotalSeconds * Math.Pow(2, delivery.Attempts - 1)));
                }
            }

            delivery.LeaseOwner = null;
            delivery.LeaseExpiresAt = null;
            using (await gate.EnterAsync(cancellationToken))
            {
                await db.SaveChangesAsync(cancellationToken);
            }
        }

        return claimed.Count;
    }
}
