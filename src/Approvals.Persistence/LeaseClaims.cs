using Approvals.Persistence.Conventions;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Persistence;

/// <summary>
/// Claims due rows of a work table (outbox messages, webhook deliveries) for one node with a lease: another
/// node skips them until the lease runs out, so a row is worked by one node at a time and a dead node's rows
/// are taken over. The table has <c>available_at</c>, <c>lease_owner</c> and <c>lease_expires_at</c>.
/// </summary>
internal static class LeaseClaims
{
    /// <param name="table">A table name from this assembly, never from input.</param>
    /// <param name="waiting">The SQL condition of rows still to be worked, e.g. <c>sent_at IS NULL</c>.</param>
    public static async Task<IReadOnlyList<Guid>> ClaimAsync(
        ApprovalsDbContext db, DatabaseProvider provider, string table, string waiting, string node, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken)
    {
        var candidates = $$"""
            SELECT id FROM {{table}}
            WHERE {{waiting}} AND available_at <= {0} AND (lease_expires_at IS NULL OR lease_expires_at < {0})
            ORDER BY available_at, id
            LIMIT {3}
            """;
        var locking = provider == DatabaseProvider.PostgreSql ? " FOR UPDATE SKIP LOCKED" : "";
        var sql = $$"""
            UPDATE {{table}} SET lease_owner = {1}, lease_expires_at = {2}
            WHERE id IN ({{candidates}}{{locking}})
            RETURNING id AS "Value"
            """;

        // Raw SQL bypasses the model's converters: SQLite gets the stored form of an instant.
        object Instant(DateTimeOffset value) => provider == DatabaseProvider.Sqlite ? UtcMicrosecondsConverter.ToMicroseconds(value) : value.ToUniversalTime();

#pragma warning disable EF1002 // The table and condition are this assembly's constants; the values are parameters.
        return await db.Database.SqlQueryRaw<Guid>(sql, Instant(now), node, Instant(now + lease), max).ToListAsync(cancellationToken);
#pragma warning restore EF1002
    }
}
