using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Persistence.Workflows;
using Approvals.Runtime.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.Runtime.Timers;

/// <summary>
/// Counts provisional time limits again on the calendar the service now has: run when a node starts, since
/// a new year's holiday arrangements arrive with a new calendar file. Instances without provisional limits
/// are not touched.
/// </summary>
public static class DeadlineRecalculation
{
    public static async Task<int> RunAsync(IServiceScopeFactory scopes, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        List<Guid> instances;
        await using (var scope = scopes.CreateAsyncScope())
        {
            instances = await scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>().Tasks.AsNoTracking()
                .Where(t => t.Status == TaskRowStatus.Open && t.DueProvisional)
                .Select(t => t.InstanceId).Distinct().ToListAsync(cancellationToken);
        }

        foreach (var instance in instances)
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().ExecuteAsync(instance, new RecomputeDeadlines(now), cancellationToken);
        }

        return instances.Count;
    }
}
