using Microsoft.EntityFrameworkCore;

namespace Approvals.Persistence.Outbox;

/// <summary>
/// Claims unsent outbox rows for one node's relay with a lease, as timers are claimed: another node skips
/// them until the lease runs out, so a row is relayed by one node at a time and a dead node's rows are taken over.
/// </summary>
public static class OutboxClaims
{
    public static Task<IReadOnlyList<Guid>> ClaimAsync(ApprovalsDbContext db, DatabaseProvider provider, string node, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken = default) =>
        LeaseClaims.ClaimAsync(db, provider, "outbox_messages", "sent_at IS NULL", node, now, lease, max, cancellationToken);

    /// <summary>What waits to be relayed: how many rows, and since when the oldest.</summary>
    public static async Task<(int Count, DateTimeOffset? Oldest)> BacklogAsync(ApprovalsDbContext db, CancellationToken cancellationToken = default)
    {
        var unsent = db.OutboxMessages.AsNoTracking().Where(m => m.SentAt == null);
        return (await unsent.CountAsync(cancellationToken), await unsent.OrderBy(m => m.CreatedAt).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(cancellationToken));
    }
}
