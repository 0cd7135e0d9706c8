using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Runtime.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Approvals.Runtime.Timers;

/// <summary>
/// One pass of a node's timer loop: claim what is due, fire each claimed timer in its own transaction.
/// A failure leaves the row claimed until the lease runs out, when any node may try it again.
/// </summary>
public sealed class TimerProcessor(IServiceScopeFactory scopes, WriteGate gate, ILogger<TimerProcessor> logger)
{
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    public async Task<int> RunOnceAsync(string node, DateTimeOffset now, int max = 50, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<Guid> claimed;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>();
            var ids = await scope.ServiceProvider.GetRequiredService<LeaseClaims>().ClaimAsync(LeasedTable.Timers, node, now, Lease, max, cancellationToken);

            // Fire in due order: a deadline that passed first is handled first.
            claimed = ids.Count == 0 ? [] : await db.Timers.AsNoTracking().Where(t => ids.Contains(t.Id))
                .OrderBy(t => t.DueAt).Select(t => t.Id).ToListAsync(cancellationToken);
        }

        var fired = 0;
        foreach (var timerId in claimed)
        {
            await using var scope = scopes.CreateAsyncScope();
            var runtime = scope.ServiceProvider.GetRequiredService<WorkflowRuntime>();
            try
            {
                fired += await runtime.FireAsync(timerId, node, now, cancellationToken) ? 1 : 0;
            }
            catch (ConcurrencyConflictException ex)
            {
                // Someone changed the instance in between; the lease runs out and the timer is tried again.
                logger.LogInformation("Timer {Timer} not fired this time: {Reason}", timerId, ex.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The step the timer drives refused, or failed for a technical reason (a state document that cannot be
                // read …): the reason is kept on the row, where the managers' incidents list shows it.
                logger.LogWarning(ex is EngineException ? null : ex, "Timer {Timer} failed: {Reason}", timerId, ex.Message);
                await RecordFailureAsync(timerId, ex is EngineException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}", cancellationToken);
            }
        }

        return fired;
    }

    private async Task RecordFailureAsync(Guid timerId, string error, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>();
        using (await gate.EnterAsync(cancellationToken))
        {
            // The claim already counted the attempt; the row keeps why it failed.
            await db.Timers.Where(t => t.Id == timerId).ExecuteUpdateAsync(u => u
                .SetProperty(t => t.LastError, error.Length > 2000 ? error[..2000] : error), cancellationToken);
        }
    }
}
