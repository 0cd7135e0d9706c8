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

        // This year's county ranking and step durations (from the tallies the generator kept), counted here from the rows.
        var year = ChinaStandardTime.DateOf(now).Year;
        var (start, end) = (new DateTimeOffset(year, 1, 1, 0, 0, 0, ChinaStandardTime.Offset), now);
        var done = tasks.Where(t => t.t.Status == TaskRowStatus.Completed && t.t.ClosedAt >= start).ToList();
        var late = tasks.Where(t => t.t.DueAt >= start && t.t.DueAt < end && (t.t.ClosedAt is null || t.t.ClosedAt > t.t.DueAt)).ToList();
        var expected = done.Select(t => t.CountyCode).Union(late.Select(t => t.CountyCode)).ToDictionary(c => c, c =>
        {
            var mine = done.Where(t => t.CountyCode == c).ToList();
            return $"{mine.Count} {mine.Count(t => t.t.DueAt is null || t.t.ClosedAt <= t.t.DueAt)} {late.Count(t => t.CountyCode == c)} {mine.Count(t => t.t.Outcome == "return")} "
                + (mine.Count > 0 ? Math.Round((decimal)mine.Sum(t => t.t.WorkingDaysTaken!.Value) / mine.Count, 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : "-");
        });
        var ranking = (await Api.GetAsync("sim-province", $"/api/monitoring/rankings?by=county&period={year}", Ct)).Expect(HttpStatusCode.OK).Json.GetProperty("rows").EnumerateArray()
            .ToDictionary(r => r.GetProperty("key").GetString()!, r => $"{r.GetProperty("completed").GetInt32()} {r.GetProperty("onTime").GetInt32()} {r.GetProperty("overdue").GetInt32()} "
                + $"{r.GetProperty("returns").GetInt32()} " + (r.GetProperty("averageWorkingDays").ValueKind == System.Text.Json.JsonValueKind.Null ? "-" : r.GetProperty("averageWorkingDays").GetDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), ranking.OrderBy(r => r.Key, StringComparer.Ordinal));
        Assert.InRange(ranking.Count, 80, 100);

        static int Percentile(List<int> days, double p) => days.Order().ElementAt(Math.Max(1, (int)Math.Ceiling(p * days.Count)) - 1);
        var steps = done.GroupBy(t => $"{t.t.DefinitionId}:{t.t.StepId}").ToDictionary(g => g.Key, g =>
        {
            var days = g.Select(t => t.t.WorkingDaysTaken!.Value).ToList();
            return (days.Count, Percentile(days, 0.5), Percentile(days, 0.9));
        });
        foreach (var user in new[] { "sim-province", "sim-city" })
        {
            var mine = user == "sim-province" ? steps : done.Where(t => t.CountyCode.StartsWith("9901", StringComparison.Ordinal)).GroupBy(t => $"{t.t.DefinitionId}:{t.t.StepId}")
                .ToDictionary(g => g.Key, g => { var days = g.Select(t => t.t.WorkingDaysTaken!.Value).ToList(); return (days.Count, Percentile(days, 0.5), Percentile(days, 0.9)); });
            var durations = (await Api.GetAsync(user, $"/api/monitoring/step-durations?period={year}", Ct)).Expect(HttpStatusCode.OK).Json.EnumerateArray()
                .ToDictionary(r => r.GetProperty("key").GetString()!, r => (r.GetProperty("completed").GetInt32(), r.GetProperty("median").GetInt32(), r.GetProperty("percentile90").GetInt32()));
            Assert.Equal(mine.OrderBy(e => e.Key, StringComparer.Ordinal), durations.OrderBy(r => r.Key, StringComparer.Ordinal));
        }
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
