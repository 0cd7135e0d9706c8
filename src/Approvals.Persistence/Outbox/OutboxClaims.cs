using Approvals.Persistence.Conventions;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Persistence.Outbox;

/// <summary>
/// Claims unsent outbox rows for one node's relay with a lease, as timers are claimed: another node skips
/// them until the lease runs out, so a row is relayed by one node at a time and a dead node's rows are taken over.
/// </summary>
public static class OutboxClaims
{
    private const string Candidates = """
        SELECT id FROM outbox_messages
        WHERE sent_at IS NULL AND available_at <= {0} AND (lease_expires_at IS NULL OR lease_expires_at < {0})
        ORDER BY available_at, id
        LIMIT {3}
        """;

    public static async Task<IReadOnlyList<Guid>> ClaimAsync(ApprovalsDbContext db, DatabaseProvider provider, string node, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken = default)
    {
        var sql = provider switch
        {
            DatabaseProvider.PostgreSql => $$"""
                UPDATE outbox_messages SET lease_owner = {1}, lease_expires_at = {2}
                WHERE id IN ({{Candidates}} FOR UPDATE SKIP LOCKED)
                RETURNING id AS "Value"
                """,
            _ => $$"""
                UPDATE outbox_messages SET lease_owner = {1}, lease_expires_at = {2}
                WHERE id IN ({{Candidates}})
                RETURNING id AS "Value"
                """,
        };

        object Instant(DateTimeOffset value) => provider == DatabaseProvider.Sqlite ? UtcMicrosecondsConverter.ToMicroseconds(value) : value.ToUniversalTime();

        return await db.Database.SqlQueryRaw<Guid>(sql, Instant(now), node, Instant(now + lease), max).ToListAsync(cancellationToken);
    }

    /// <summary>What waits to be relayed: how many rows, and since when the oldest.</summary>
    public static async Task<(int Count, DateTimeOffset? Oldest)> BacklogAsync(ApprovalsDbContext db, CancellationToken cancellationToken = default)
    {
        var unsent = db.OutboxMessages.AsNoTracking().Where(m => m.SentAt == null);
        return (await unsent.CountAsync(cancellationToken), await unsent.OrderBy(m => m.CreatedAt).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(cancellationToken));
    }
}
