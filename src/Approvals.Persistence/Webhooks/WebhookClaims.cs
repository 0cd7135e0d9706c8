namespace Approvals.Persistence.Webhooks;

/// <summary>Claims pending, due webhook deliveries for one node's sender, by lease.</summary>
public static class WebhookClaims
{
    public static Task<IReadOnlyList<Guid>> ClaimAsync(ApprovalsDbContext db, DatabaseProvider provider, string node, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken = default) =>
        LeaseClaims.ClaimAsync(db, provider, "webhook_deliveries", "status = 'pending'", node, now, lease, max, cancellationToken);
}
