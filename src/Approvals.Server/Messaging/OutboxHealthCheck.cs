using Approvals.Persistence;
using Approvals.Persistence.Outbox;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Approvals.Server.Messaging;

/// <summary>The outbox's backlog on the readiness report: how many messages wait, and how long the oldest has.</summary>
public sealed class OutboxHealthCheck(IServiceScopeFactory scopes, TimeProvider time) : IHealthCheck
{
    /// <summary>Older than this, the backlog is reported as degraded (the node stays ready: steps still complete).</summary>
    public static readonly TimeSpan Stale = TimeSpan.FromMinutes(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var (count, oldest) = await OutboxBacklog.OfAsync(scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>(), cancellationToken);
        var age = oldest is { } o ? time.GetUtcNow() - o : TimeSpan.Zero;
        var data = new Dictionary<string, object> { ["waiting"] = count, ["oldestAgeSeconds"] = (int)age.TotalSeconds };
        var description = count == 0 ? "outbox empty" : $"{count} message(s) waiting, oldest {(int)age.TotalSeconds} s";
        return age > Stale ? HealthCheckResult.Degraded(description, data: data) : HealthCheckResult.Healthy(description, data);
    }
}
