using Approvals.Persistence;
using Approvals.Persistence.Workflows;
using Approvals.Runtime.Timers;
using Approvals.Scenarios;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.IntegrationTests.Workflows;

public class ProvisionalDeadlineTests
{
    private static readonly DateTimeOffset ChristmasEve = new(2026, 12, 24, 9, 0, 0, TimeSpan.FromHours(8));

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_node_started_with_the_next_years_calendar_recounts_provisional_deadlines_in_the_database(DatabaseProvider provider)
    {
        await using var database = await RuntimeDatabase.CreateAsync(provider);
        Guid instance;
        await using (var before = RuntimeNode.Create(database.Settings, "node-2026"))
        {
            instance = await before.StartAsync("jiaxing", Projects.Jiaxing(), ChristmasEve);
        }

        await using var after = RuntimeNode.Create(database.Settings, "node-2027", engine: Calendars.ContextWithTest2027());
        var recounted = await DeadlineRecalculation.RunAsync(after.Services.GetRequiredService<IServiceScopeFactory>(), ChristmasEve.AddDays(1), TestContext.Current.CancellationToken);
        var again = await DeadlineRecalculation.RunAsync(after.Services.GetRequiredService<IServiceScopeFactory>(), ChristmasEve.AddDays(1), TestContext.Current.CancellationToken);

        var (task, timers) = await after.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ApprovalsDbContext>();
            return (await db.Tasks.SingleAsync(t => t.InstanceId == instance),
                await db.Timers.Where(t => t.InstanceId == instance).OrderBy(t => t.DueAt).ToListAsync());
        });
        Assert.Equal(1, recounted);
        Assert.Equal(0, again);
        Assert.Equal(new DateOnly(2027, 1, 8), task.DueDate);
        Assert.False(task.DueProvisional);
        Assert.Equal([TimerRowStatus.Pending], timers.Where(t => t.Status == TimerRowStatus.Pending).Select(t => t.Status));
        Assert.Equal(new DateTimeOffset(2027, 1, 6, 0, 0, 0, TimeSpan.FromHours(8)), timers.Single(t => t.Status == TimerRowStatus.Pending).DueAt);
        Assert.Single(timers, t => t.Status == TimerRowStatus.Cancelled);
    }
}
