using Microsoft.EntityFrameworkCore;

namespace Approvals.Persistence.Outbox;

/// <summary>What waits to be relayed: how many rows, and since when the oldest (readiness reports it).</summary>
public static class OutboxBacklog
{
    public static async Task<(int Count, DateTimeOffset? Oldest)> OfAsync(ApprovalsDbContext db, CancellationToken cancellationToken = default)
    {
        var unsent = db.OutboxMessages.AsNoTracking().Where(m => m.SentAt == null);
        return (await unsent.CountAsync(cancellationToken), await unsent.OrderBy(m => m.CreatedAt).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(cancellationToken));
    }
}
