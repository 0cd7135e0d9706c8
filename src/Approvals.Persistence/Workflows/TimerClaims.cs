using Approvals.Persistence.Conventions;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Persistence.Workflows;

/// <summary>
/// Claims due timers for one node with a lease: a claimed row is invisible to other nodes until the lease
/// runs out. On PostgreSQL concurrent claimers skip each other's locked rows; SQLite has one writer at a time.
/// </summary>
public static class TimerClaims
{
    private const string Candidates = """
        SELECT id FROM workflow_timers
        WHERE status = 'pending' AND due_at <= {0} AND (lease_expires_at IS NULL OR lease_expires_at < {0})
        ORDER BY due_at
        LIMIT {3}
        """;

    public static async Task<IReadOnlyList<Guid>> ClaimAsync(ApprovalsDbContext db, DatabaseProvider provider, string node, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken = default)
    {
        var sql = provider switch
        {
            DatabaseProvider.PostgreSql => $$"""
                UPDATE workflow_timers SET lease_owner = {1}, lease_expires_at = {2}, attempts = attempts + 1
                WHERE id IN ({{Candidates}} FOR UPDATE SKIP LOCKED)
                RETURNING id AS "Value"
                """,
            _ => $$"""
                UPDATE workflow_timers SET lease_owner = {1}, lease_expires_at = {2}, attempts = attempts + 1
                WHERE id IN ({{Candidates}})
                RETURNING id AS "Value"
                """,
        };

        // Raw SQL bypasses the model's converters: SQLite gets the stored form of an instant.
        object Instant(DateTimeOffset value) => provider == DatabaseProvider.Sqlite ? UtcMicrosecondsConverter.ToMicroseconds(value) : value.ToUniversalTime();

        var claimed = await db.Database
            .SqlQueryRaw<Guid>(sql, Instant(now), node, Instant(now + lease), max)
            .ToListAsync(cancellationToken);
        return claimed;
    }
}
