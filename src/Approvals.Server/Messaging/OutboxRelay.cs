using Approvals.Messaging;
using Approvals.Persistence;
using Approvals.Runtime.Workers;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Server.Messaging;

/// <summary>
/// Relays what engine steps wrote to the outbox onto the bus, on every node: rows are claimed by lease so two
/// nodes never send one row at once; a row is marked sent only after the broker confirmed it; a failure puts the
/// row back with a growing delay. A crash between send and mark sends it again: consumers are idempotent.
/// </summary>
public sealed class OutboxRelay(
    IServiceScopeFactory scopes, IBus bus, DepartmentQueues queues, TimeProvider time, ILogger<OutboxRelay> logger)
    : PollingWorker(time, logger)
{
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);
    public const int Batch = 50;

    protected override TimeSpan Pause => TimeSpan.FromSeconds(1);

    protected override async Task<Pass> PassAsync(CancellationToken cancellationToken) =>
        await RelayOnceAsync(cancellationToken) < Batch ? Pass.Idle : Pass.Busy;

    /// <summary>One pass: claim, send, mark. Returns how many rows it handled.</summary>
    public async Task<int> RelayOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>();
        var gate = scope.ServiceProvider.GetRequiredService<WriteGate>();
        var claimed = await scope.ServiceProvider.GetRequiredService<LeaseClaims>()
            .ClaimAsync(LeasedTable.OutboxMessages, NodeName, Time.GetUtcNow(), Lease, Batch, cancellationToken);

        foreach (var id in claimed)
        {
            var row = await db.OutboxMessages.FirstAsync(m => m.Id == id, cancellationToken);
            try
            {
                foreach (var message in await OutboxTranslation.ToContractsAsync(row, db, cancellationToken))
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(PublishTimeout);
                    if (message.Addressee is { } addressee)
                    {
                        // Its queue exists before its first message, so nothing is published where no queue holds it.
                        await queues.EnsureAsync([addressee], timeout.Token);
                    }

                    await bus.Publish(message, context => context.MessageId = message.MessageId, timeout.Token);
                }

                row.SentAt = Time.GetUtcNow();
                row.LastError = null;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                row.Attempts++;
                row.AvailableAt = Time.GetUtcNow() + Backoff(row.Attempts);
                row.LastError = ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message;
                Logger.LogWarning("Outbox message {Id} ({Type}) not sent (attempt {Attempt}): {Error}", row.Id, row.MessageType, row.Attempts, ex.Message);
            }

            row.LeaseOwner = null;
            row.LeaseExpiresAt = null;
            using (await gate.EnterAsync(cancellationToken))
            {
                await db.SaveChangesAsync(cancellationToken);
            }
        }

        return claimed.Count;
    }

    /// <summary>2, 4, 8 … seconds, at most five minutes.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, Math.Min(attempts, 9))));
}
