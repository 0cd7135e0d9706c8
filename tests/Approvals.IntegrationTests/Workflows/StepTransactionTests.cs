using System.Data.Common;
using Approvals.Engine.Definitions;
using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Persistence.Workflows;
using Approvals.Runtime.Workflows;
using Approvals.Scenarios;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.IntegrationTests.Workflows;

/// <summary>A step is one transaction: it happens whole or not at all, and two steps on one instance cannot both win.</summary>
public class StepTransactionTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    /// <summary>Fails the first command that writes to the outbox: late in the step's batch of writes.</summary>
    private sealed class FailOnOutboxWrite : DbCommandInterceptor
    {
        public bool Armed { get; set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) => Check(command, result);

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default) => Check(command, result);

        private ValueTask<InterceptionResult<T>> Check<T>(DbCommand command, InterceptionResult<T> result)
        {
            if (Armed && command.CommandText.Contains("outbox_messages", StringComparison.Ordinal) && command.CommandText.Contains("INSERT", StringComparison.Ordinal))
            {
                Armed = false;
                throw new InvalidOperationException("simulated crash in the middle of a step");
            }

            return ValueTask.FromResult(result);
        }
    }

    private sealed record Counts(int Version, int OpenTasks, int AllTasks, int Audit, int Outbox, int Timers);

    private static Task<Counts> CountsAsync(RuntimeNode node, Guid instance) => node.InScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<ApprovalsDbContext>();
        return new Counts(
            await db.Instances.Where(i => i.Id == instance).Select(i => i.Version).SingleAsync(),
            await db.Tasks.CountAsync(t => t.InstanceId == instance && t.Status == TaskRowStatus.Open),
            await db.Tasks.CountAsync(t => t.InstanceId == instance),
            await db.AuditRecords.CountAsync(a => a.Stream == $"instance:{instance}"),
            await db.OutboxMessages.CountAsync(),
            await db.Timers.CountAsync(t => t.InstanceId == instance));
    });

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_step_that_fails_part_way_writes_nothing_and_can_be_repeated_once(DatabaseProvider provider)
    {
        await using var database = await RuntimeDatabase.CreateAsync(provider);
        var fault = new FailOnOutboxWrite();
        await using var node = RuntimeNode.Create(database.Settings, "node-a", services => services.AddSingleton<IInterceptor>(fault));
        var instance = await node.StartAsync("jiaxing", Projects.Jiaxing(), Now);
        var task = await node.OpenTaskAsync(instance, "select-sub-projects");
        var complete = new CompleteTask(task.Id, Outcome.Approve, "同意", "clerk", Now);
        var before = await CountsAsync(node, instance);

        fault.Armed = true;
        await Assert.ThrowsAnyAsync<Exception>(() => node.ExecuteAsync(instance, complete));
        var afterCrash = await CountsAsync(node, instance);

        await node.ExecuteAsync(instance, complete);
        var afterRetry = await CountsAsync(node, instance);
        var repeat = await Assert.ThrowsAsync<EngineException>(() => node.ExecuteAsync(instance, complete));

        Assert.Equal(before, afterCrash);
        Assert.Equal(before.Version + 1, afterRetry.Version);
        Assert.Equal(3, afterRetry.OpenTasks);
        Assert.True(afterRetry.Audit > before.Audit && afterRetry.Outbox > before.Outbox && afterRetry.Timers > before.Timers);
        Assert.Equal(EngineErrorKind.Conflict, repeat.Kind);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Two_clerks_completing_the_same_task_at_once_one_wins(DatabaseProvider provider)
    {
        await using var database = await RuntimeDatabase.CreateAsync(provider);
        await using var node = RuntimeNode.Create(database.Settings, "node-a");
        var instance = await node.StartAsync("jiaxing", Projects.Jiaxing(), Now);
        var task = await node.OpenTaskAsync(instance, "select-sub-projects");

        async Task<string> Clerk(string name)
        {
            try
            {
                await node.ExecuteAsync(instance, new CompleteTask(task.Id, Outcome.Approve, "同意", name, Now));
                return "won";
            }
            catch (ConcurrencyConflictException)
            {
                return "conflict";
            }
            catch (EngineException ex) when (ex.Kind == EngineErrorKind.Conflict)
            {
                return "conflict";
            }
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => Clerk($"clerk-{i}"))));

        Assert.Equal(1, results.Count(r => r == "won"));
        Assert.Equal(3, results.Count(r => r == "conflict"));
        var completions = await node.InScopeAsync(sp => sp.GetRequiredService<ApprovalsDbContext>().AuditRecords
            .CountAsync(a => a.Stream == $"instance:{instance}" && a.Action == "task.completed"));
        Assert.Equal(1, completions);
    }
}
