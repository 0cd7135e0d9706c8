using System.Net;
using Approvals.Engine.Calendar;
using Approvals.Engine.Runtime;
using Approvals.Persistence.Workflows;
using Approvals.Server.Demo;
using Approvals.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.FunctionalTests.Monitoring;

/// <summary>The synthetic province the monitoring benchmark runs on: plausible rows, and the views agree with them.</summary>
public sealed class SyntheticProvinceTests : ApiTestHost
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Generated_projects_have_consistent_tasks_and_the_managers_views_count_them()
    {
        var now = TimeProvider.System.GetUtcNow();
        var result = await SyntheticProvince.GenerateAsync(Factory.Services, 400, seed: 7, now, Ct);
        var calendar = Factory.Services.GetRequiredService<EngineContext>().Calendar;
        var (tasks, instances) = await InDbAsync(async db => (
            await db.Tasks.AsNoTracking().Join(db.Instances.AsNoTracking().Where(i => i.CountyCode.StartsWith("99")), t => t.InstanceId, i => i.Id, (t, i) => new { t, i.CountyCode }).ToListAsync(Ct),
            await db.Instances.AsNoTracking().Where(i => i.CountyCode.StartsWith("99")).ToListAsync(Ct)));

        Assert.Equal(400, instances.Count);
        Assert.Equal(result.Tasks, tasks.Count);
        Assert.InRange(tasks.Count, 400 * 3, 400 * 11);
        Assert.All(instances.Where(i => i.Status == "Completed"), i => Assert.Equal(11, tasks.Count(t => t.t.InstanceId == i.Id)));
        Assert.All(instances.Where(i => i.Status == "Running"), i => Assert.Contains(tasks, t => t.t.InstanceId == i.Id && t.t.Status == TaskRowStatus.Open));
        Assert.All(tasks.Where(t => t.t.Status == TaskRowStatus.Completed), t =>
            Assert.Equal(calendar.WorkingDaysBetween(ChinaStandardTime.DateOf(t.t.OpenedAt), ChinaStandardTime.DateOf(t.t.ClosedAt!.Value)), t.t.WorkingDaysTaken));
        Assert.All(tasks.Where(t => t.t.Status == TaskRowStatus.Open && t.t.DueAt < now), t => Assert.Equal("red", t.t.Warning));
        Assert.Contains(tasks, t => t.t.Status == TaskRowStatus.Open && t.t.DueAt < now);
        Assert.Contains(tasks, t => t.t.Outcome == "return");

        // The province's manager sees every county's open tasks; a county's manager its own.
        var rows = (await Api.GetAsync("sim-province", "/api/monitoring/breakdown?by=county", Ct)).Expect(HttpStatusCode.OK).Json.EnumerateArray()
            .ToDictionary(r => r.GetProperty("key").GetString()!, r => r.GetProperty("open").GetInt32());
        var open = tasks.Where(t => t.t.Status == TaskRowStatus.Open).GroupBy(t => t.CountyCode).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(open.OrderBy(o => o.Key, StringComparer.Ordinal), rows.OrderBy(r => r.Key, StringComparer.Ordinal));
        var county = (await Api.GetAsync("sim-county", "/api/monitoring/tasks", Ct)).Expect(HttpStatusCode.OK).Json.GetProperty("total").GetInt32();
        Assert.Equal(open.GetValueOrDefault("990101"), county);
    }

    [Fact]
    public async Task The_generate_verb_adds_the_projects_to_the_configured_database_and_says_so()
    {
        using var data = new TempDirectory();
        var environment = new Dictionary<string, string> { ["Approvals__DataDirectory"] = data.Path };

        var run = await ServerProcess.RunAsync(["monitoring", "generate", "--projects", "25"], environment, Timeout);
        var refused = await ServerProcess.RunAsync(["monitoring", "generate"], environment, Timeout);

        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"Synthetic province 990000: 25 project\(s\), \d+ task\(s\) \(\d+ open\) added", run.Stdout);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("monitoring generate needs --projects N", refused.Stderr, StringComparison.Ordinal);
    }
}
