using Approvals.Persistence.Conventions;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Persistence;

/// <summary>
/// A work table whose due rows a node claims by lease: <see cref="DueColumn"/> says when a row is due, the row has
/// <c>lease_owner</c> and <c>lease_expires_at</c>, and <see cref="Waiting"/> says which rows are still to be worked.
/// The tables are this assembly's own; nothing from outside becomes SQL.
/// </summary>
public sealed class LeasedTable
{
    public static readonly LeasedTable OutboxMessages = new("outbox_messages", "available_at", "sent_at IS NULL");

    public static readonly LeasedTable WebhookDeliveries = new("webhook_deliveries", "available_at", "status = 'pending'");

    /// <summary>A timer counts its claims: one tried again and again shows on the managers' incidents list.</summary>
    public static readonly LeasedTable Timers = new("workflow_timers", "due_at", $"status = '{Workflows.TimerRowStatus.Pending}'", ", attempts = attempts + 1");

    private LeasedTable(string table, string dueColumn, string waiting, string onClaim = "")
    {
        Table = table;
        DueColumn = dueColumn;
        Waiting = waiting;
        OnClaim = onClaim;
    }

    public string Table { get; }

    public string DueColumn { get; }

    public string Waiting { get; }

    /// <summary>More assignments made as a row is claimed.</summary>
    public string OnClaim { get; }
}

/// <summary>
/// Claims due rows of a work table (timers, outbox messages, webhook deliveries) for one node with a lease: another
/// node skips them until the lease runs out, so a row is worked by one node at a time and a dead node's rows are
/// taken over. On PostgreSQL concurrent claimers skip each other's locked rows; on SQLite a claim is a write like any
/// other and waits for the writer's turn.
/// </summary>
public sealed class LeaseClaims(ApprovalsDbContext db, DatabaseSettings settings, WriteGate gate)
{
    public async Task<IReadOnlyList<Guid>> ClaimAsync(LeasedTable table, string node, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken = default)
    {
        var candidates = $$"""
            SELECT id FROM {{table.Table}}
            WHERE {{table.Waiting}} AND {{table.DueColumn}} <= {0} AND (lease_expires_at IS NULL OR lease_expires_at < {0})
            ORDER BY {{table.DueColumn}}, id
            LIMIT {3}
            """;
        var locking = settings.Provider == DatabaseProvider.PostgreSql ? " FOR UPDATE SKIP LOCKED" : "";
        var sql = $$"""
            UPDATE {{table.Table}} SET lease_owner = {1}, lease_expires_at = {2}{{table.OnClaim}}
            WHERE id IN ({{candidates}}{{locking}})
            RETURNING id AS "Value"
            """;

        // Raw SQL bypasses the model's converters: SQLite gets the stored form of an instant.
        object Instant(DateTimeOffset value) => settings.Provider == DatabaseProvider.Sqlite ? UtcMicrosecondsConverter.ToMicroseconds(value) : value.ToUniversalTime();

        using (await gate.EnterAsync(cancellationToken))
        {
#pragma warning disable EF1002 // The table and its conditions are this assembly's constants; the values are parameters.
            return await db.Database.SqlQueryRaw<Guid>(sql, Instant(now), node, Instant(now + lease), max).ToListAsync(cancellationToken);
#pragma warning restore EF1002
        }
    }
}
