using Approvals.Engine.Definitions;
using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Persistence.Workflows;
using Approvals.Runtime.Timers;
using Approvals.Runtime.Workflows;
using Approvals.Scenarios;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.IntegrationTests.Workflows;

/// <summary>Timers are rows claimed by lease: two nodes on one PostgreSQL never fire one twice, and a dead node's claim runs out.</summary>
public class TimerLeaseTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    /// <summary>Jinhua instances waiting in the reserve filing's objection window (10 working days).</summary>
    private static async Task<List<Guid>> InstancesInFilingWindowAsync(RuntimeNode node, int count)
    {
        var instances = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var project = Projects.Jinhua() with { ProjectId = $"jh-{i:000}" };
            var id = await node.StartAsync("jinhua", project, Start);
            foreach (var step in new[] { "project-planning", "county-reserve-entry" })
            {
                var task = await node.OpenTaskAsync(id, step);
                await node.ExecuteAsync(id, new CompleteTask(task.Id, Outcome.Approve, "同意", "clerk", Start));
            }

            instances.Add(id);
        }

        return instances;
    }

    private static Task<int> CountAsync(RuntimeNode node, Func<ApprovalsDbContext, Task<int>> query) =>
        node.InScopeAsync(sp => query(sp.GetRequiredService<ApprovalsDbContext>()));

    [Fact]
    public async Task Two_nodes_on_one_database_fire_each_timer_exactly_once()
    {
        await using var database = await RuntimeDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        await using var nodeA = RuntimeNode.Create(database.Settings, "node-a");
        await using var nodeB = RuntimeNode.Create(database.Settings, "node-b");
        var instances = await InstancesInFilingWindowAsync(nodeA, 24);
        var afterWindow = Start.AddDays(20);

        // Both nodes poll at once, in small batches, until nothing is due.
        async Task<int> Poll(RuntimeNode node)
        {
            var processor = node.Services.GetRequiredService<TimerProcessor>();
            var total = 0;
            for (var idle = 0; idle < 3;)
            {
                var fired = await processor.RunOnceAsync(node.Name, afterWindow, max: 3);
                total += fired;
                idle = fired == 0 ? idle + 1 : 0;
            }

            return total;
        }

        var fired = await Task.WhenAll(Poll(nodeA), Poll(nodeB));

        Assert.Equal(instances.Count, fired.Sum());
        var deemed = await CountAsync(nodeA, db => db.AuditRecords.CountAsync(a => a.Action == "filing.deemed-complete"));
        Assert.Equal(instances.Count, deemed);
        var nextTasks = await CountAsync(nodeA, db => db.Tasks.CountAsync(t => t.StepId == "submit-implementation-plan" && t.Status == TaskRowStatus.Open));
        Assert.Equal(instances.Count, nextTasks);
        Assert.Equal(0, await CountAsync(nodeA, db => db.Timers.CountAsync(t => t.Kind == "FilingWindow" && t.Status == TimerRowStatus.Pending)));
        TestContext.Current.SendDiagnosticMessage($"node-a fired {fired[0]}, node-b fired {fired[1]} of {instances.Count}");
    }

    [Fact]
    public async Task A_claim_by_a_node_that_died_runs_out_and_another_node_fires_the_timer()
    {
        await using var database = await RuntimeDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        await using var nodeA = RuntimeNode.Create(database.Settings, "node-a");
        await using var nodeB = RuntimeNode.Create(database.Settings, "node-b");
        await InstancesInFilingWindowAsync(nodeA, 2);
        var afterWindow = Start.AddDays(20);

        // Node A claims both timers and dies before firing them.
        var claimedByA = await nodeA.InScopeAsync(sp => sp.GetRequiredService<LeaseClaims>()
            .ClaimAsync(LeasedTable.Timers, "node-a", afterWindow, TimerProcessor.Lease, 10));
        var processorB = nodeB.Services.GetRequiredService<TimerProcessor>();

        var whileLeased = await processorB.RunOnceAsync("node-b", afterWindow.AddSeconds(10), cancellationToken: TestContext.Current.CancellationToken);
        var afterLease = await processorB.RunOnceAsync("node-b", afterWindow + TimerProcessor.Lease + TimeSpan.FromSeconds(1), cancellationToken: TestContext.Current.CancellationToken);
        var late = await nodeA.InScopeAsync(sp => sp.GetRequiredService<WorkflowRuntime>().FireAsync(claimedByA[0], "node-a", afterWindow.AddMinutes(1)));

        Assert.Equal(2, claimedByA.Count);
        Assert.Equal(0, whileLeased);
        Assert.Equal(2, afterLease);
        Assert.False(late, "node A came back and fired a timer node B had already fired");
        Assert.Equal(2, await CountAsync(nodeA, db => db.AuditRecords.CountAsync(a => a.Action == "filing.deemed-complete")));
    }
}
