using System.Net;
using System.Text;
using System.Text.Json;
using Approvals.Engine.Calendar;
using Approvals.Engine.Runtime;
using Approvals.FunctionalTests.Cases;
using Approvals.Persistence;
using Approvals.Persistence.Migrations;
using Approvals.Persistence.Workflows;
using Approvals.Server.Demo;
using Approvals.Server.Security;
using Approvals.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.FunctionalTests.Monitoring;

/// <summary>
/// The managers' views over projects started weeks apart: every figure equals a count made here from the task rows,
/// in memory, on the working-day calendar; every list holds what its figure counted.
/// </summary>
public abstract class MonitoringScenario(ManualClock clock, IDictionary<string, string?> settings) : ApiTestHost(
    new Dictionary<string, string?>(settings) { ["Approvals:Timers:PollSeconds"] = "0.2" },
    services => services.AddSingleton<TimeProvider>(clock))
{
    // Projects start on days whose tasks are, on Monday 23 November 2026 when the managers look, 5 and 6, 10 and 11,
    // 20 and 21 working days old (each side of the ageing buckets' bounds), and older.
    protected static readonly DateTimeOffset Start = new(2026, 10, 12, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateTimeOffset Today = new(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(8));

    private ManualClock Clock => clock;

    /// <summary>After the host is ready and before the projects start.</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;

    private sealed record OpenTask(Guid Id, string Organisation, string County, string Region, string Step, DateTimeOffset OpenedAt, DateTimeOffset? DueAt, DateOnly? DueDate, string? Warning);

    private WorkingDayCalendar Calendar => Factory.Services.GetRequiredService<EngineContext>().Calendar;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await PrepareAsync();
        foreach (var day in new[] { 12, 23, 26, 37, 40, 44, 47 })
        {
            var at = new DateTimeOffset(2026, 10, 1, 9, 0, 0, TimeSpan.FromHours(8)).AddDays(day - 1);
            var name = $"监测项目{at:MMdd}";
            Clock.Set(at);
            Api.ForgetTokens();
            var id = await Api.StartAsync(name, Ct);
            await Api.DoAsync("jx-nongye", id, "confirm-sub-projects", "complete", new { outcome = "approve" }, Ct);

            // 交通运输 confirms after a few days, a different number for each project: the step durations vary.
            Clock.Set(at.AddDays(day % 9 + 1));
            Api.ForgetTokens();
            await SettleTimersAsync(at.AddDays(day % 9 + 1));
            await Api.DoAsync("jx-jiaotong", id, "confirm-sub-projects", "complete", new { outcome = "approve" }, Ct);
        }

        Clock.Set(Today);
        Api.ForgetTokens();
        await SettleTimersAsync(Today);
    }

    /// <summary>
    /// Waits until the warnings due by <paramref name="now"/> are raised: a clock moved by days makes many fall due at
    /// once, and the rows should hold the state the views report before anyone acts or looks.
    /// </summary>
    private async Task SettleTimersAsync(DateTimeOffset now)
    {
        for (var attempt = 0; attempt < 300 && await InDbAsync(db => db.Timers.AnyAsync(t => t.Status == TimerRowStatus.Pending && t.DueAt <= now, Ct)); attempt++)
        {
            await Task.Delay(100, Ct);
        }
    }

    /// <summary>The open tasks of the county the manager (jx-xian-bangongshi, 嘉善县) oversees: the demo's other regions are outside it.</summary>
    private async Task<List<OpenTask>> OpenTasksAsync() => await InDbAsync(async db =>
        (await db.Tasks.AsNoTracking().Where(t => t.Status == TaskRowStatus.Open)
            .Join(db.Instances.AsNoTracking(), t => t.InstanceId, i => i.Id, (t, i) => new { t, i }).Where(x => x.i.CountyCode == "330421").ToListAsync(Ct))
        .Select(x => new OpenTask(x.t.Id, Parties.OrganisationOf(x.t.AssigneeKind, x.t.AssigneeCode, x.t.AssigneeJurisdiction), x.i.CountyCode,
            x.i.DefinitionId, $"{x.i.DefinitionId}:{x.t.StepId}", x.t.OpenedAt, x.t.DueAt, x.t.DueDate, x.t.Warning)).ToList());

    private int Age(OpenTask t) => Calendar.WorkingDaysBetween(ChinaStandardTime.DateOf(t.OpenedAt), ChinaStandardTime.DateOf(Today));

    private static bool Overdue(OpenTask t) => t.DueAt < Today;

    private static bool DueSoon(OpenTask t) => t.Warning == "yellow" && !Overdue(t);

    private async Task<JsonElement> GetAsync(string user, string path) => (await Api.GetAsync(user, path, Ct)).Expect(HttpStatusCode.OK).Json;

    [Theory]
    [InlineData("department")]
    [InlineData("county")]
    [InlineData("region")]
    [InlineData("step")]
    public async Task A_breakdown_matches_an_independent_count_of_the_open_tasks(string by)
    {
        var tasks = await OpenTasksAsync();
        Func<OpenTask, string> key = by switch { "department" => t => t.Organisation, "county" => t => t.County, "region" => t => t.Region, _ => t => t.Step };
        var expected = tasks.GroupBy(key).ToDictionary(g => g.Key, g => new[]
        {
            g.Count(), g.Count(DueSoon), g.Count(Overdue),
            g.Count(t => Age(t) <= 5), g.Count(t => Age(t) is > 5 and <= 10), g.Count(t => Age(t) is > 10 and <= 20), g.Count(t => Age(t) > 20),
        });

        var rows = (await GetAsync("jx-xian-bangongshi", $"/api/monitoring/breakdown?by={by}")).EnumerateArray().ToList();
        var actual = rows.ToDictionary(r => r.GetProperty("key").GetString()!, r =>
        {
            var ageing = r.GetProperty("ageing");
            return new[]
            {
                r.GetProperty("open").GetInt32(), r.GetProperty("dueSoon").GetInt32(), r.GetProperty("overdue").GetInt32(),
                ageing.GetProperty("upToFive").GetInt32(), ageing.GetProperty("sixToTen").GetInt32(), ageing.GetProperty("elevenToTwenty").GetInt32(), ageing.GetProperty("overTwenty").GetInt32(),
            };
        });

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (k, counts) in expected)
        {
            Assert.True(counts.SequenceEqual(actual[k]), $"{by} {k}: expected {string.Join(",", counts)}, got {string.Join(",", actual[k])}");
        }

        // The figures are not all alike: the projects started weeks apart are overdue and old, and sit each side of every bound.
        Assert.True(expected.Values.Sum(c => c[2]) > 0 && expected.Values.Sum(c => c[6]) > 0 && expected.Values.Sum(c => c[3]) > 0);
        Assert.Superset(new HashSet<int> { 5, 6, 10, 11, 20, 21 }, tasks.Select(Age).ToHashSet());
    }

    [Fact]
    public async Task Each_figure_drills_down_to_the_tasks_it_counted_with_their_working_days()
    {
        var tasks = await OpenTasksAsync();
        var rows = (await GetAsync("jx-xian-bangongshi", "/api/monitoring/breakdown?by=department")).EnumerateArray().ToList();
        foreach (var row in rows)
        {
            var drill = row.GetProperty("drill").GetString()!;
            var overdue = await GetAsync("jx-xian-bangongshi", $"/api/monitoring/tasks?state=overdue&pageSize=100&{drill}");
            var open = await GetAsync("jx-xian-bangongshi", $"/api/monitoring/tasks?pageSize=100&{drill}");
            Assert.Equal(row.GetProperty("overdue").GetInt32(), overdue.GetProperty("total").GetInt32());
            Assert.Equal(row.GetProperty("open").GetInt32(), open.GetProperty("total").GetInt32());

            foreach (var item in overdue.GetProperty("items").EnumerateArray())
            {
                var task = tasks.Single(t => t.Id == item.GetProperty("taskId").GetGuid());
                Assert.True(Overdue(task));
                Assert.Equal(Age(task), item.GetProperty("workingDaysOpen").GetInt32());
                Assert.Equal(Calendar.WorkingDaysBetween(task.DueDate!.Value, ChinaStandardTime.DateOf(Today)), item.GetProperty("workingDaysOverdue").GetInt32());
                Assert.StartsWith("/api/projects/", item.GetProperty("link").GetString(), StringComparison.Ordinal);
            }
        }

        // Stalled: open for at least N working days, oldest first.
        foreach (var days in new[] { 6, 11, 21 })
        {
            var stalled = await GetAsync("jx-xian-bangongshi", $"/api/monitoring/tasks?state=stalled&stalledDays={days}&pageSize=100");
            Assert.Equal(tasks.Count(t => Age(t) >= days), stalled.GetProperty("total").GetInt32());
            var ages = stalled.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("workingDaysOpen").GetInt32()).ToList();
            Assert.All(ages, a => Assert.True(a >= days));
            Assert.Equal(ages.OrderDescending(), ages);
        }
    }

    [Fact]
    public async Task A_manager_sees_the_counties_of_their_jurisdiction_and_no_one_else_sees_the_views()
    {
        var tasks = await OpenTasksAsync();
        var county = await GetAsync("jx-xian-bangongshi", "/api/monitoring/tasks");
        var city = await GetAsync("jx-shi-bangongshi", "/api/monitoring/tasks");
        var otherCity = await GetAsync("sx-bangongshi", "/api/monitoring/tasks");

        Assert.Equal(tasks.Count(t => t.County == "330421"), county.GetProperty("total").GetInt32());
        Assert.Equal(tasks.Count(t => t.County == "330421"), city.GetProperty("total").GetInt32());
        Assert.Equal(0, otherCity.GetProperty("total").GetInt32());
        Assert.Empty((await GetAsync("sx-bangongshi", "/api/monitoring/breakdown?by=county")).EnumerateArray());

        Assert.Equal(HttpStatusCode.Forbidden, (await Api.GetAsync("jx-nongye", "/api/monitoring/tasks", Ct)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Api.GetAsync("yaozhuang", "/api/monitoring/breakdown?by=county", Ct)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.GetAsync(null, "/api/monitoring/tasks", Ct)).Status);
    }

    private sealed record Closed(string Department, string Status, DateTimeOffset? ClosedAt, DateTimeOffset? DueAt, string? Outcome, int? WorkingDaysTaken);

    /// <summary>The department ranking of October 2026, counted here from the task rows.</summary>
    private async Task<Dictionary<string, (int Completed, int OnTime, decimal? Average, int Overdue, int Returns)>> OctoberCountedAsync()
    {
        var (start, end) = (new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.FromHours(8)), new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.FromHours(8)));
        var rows = await InDbAsync(async db => (await db.Tasks.AsNoTracking().Where(t => t.AssigneeKind == "department")
                .Join(db.Instances.AsNoTracking().Where(i => i.CountyCode == "330421"), t => t.InstanceId, i => i.Id, (t, i) => t).ToListAsync(Ct))
            .Select(t => new Closed($"{t.AssigneeJurisdiction}/{t.AssigneeCode}", t.Status, t.ClosedAt, t.DueAt, t.Outcome, t.WorkingDaysTaken)).ToList());
        var done = rows.Where(r => r.Status == TaskRowStatus.Completed && r.ClosedAt >= start && r.ClosedAt < end).ToList();
        var late = rows.Where(r => r.DueAt >= start && r.DueAt < end && (r.ClosedAt is null || r.ClosedAt > r.DueAt)).ToList();
        return done.Select(r => r.Department).Union(late.Select(r => r.Department)).ToDictionary(d => d, d =>
        {
            var mine = done.Where(r => r.Department == d).ToList();
            var days = mine.Where(r => r.WorkingDaysTaken is not null).Select(r => (decimal)r.WorkingDaysTaken!.Value).ToList();
            return (mine.Count, mine.Count(r => r.DueAt is null || r.ClosedAt <= r.DueAt), days.Count > 0 ? Math.Round(days.Average(), 1) : (decimal?)null,
                late.Count(r => r.Department == d), mine.Count(r => r.Outcome == "return"));
        });
    }

    private static Dictionary<string, (int Completed, int OnTime, decimal? Average, int Overdue, int Returns)> Published(JsonElement ranking) =>
        ranking.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("key").GetString()!, r => (
            r.GetProperty("completed").GetInt32(), r.GetProperty("onTime").GetInt32(),
            r.GetProperty("averageWorkingDays").ValueKind == JsonValueKind.Null ? (decimal?)null : r.GetProperty("averageWorkingDays").GetDecimal(),
            r.GetProperty("overdue").GetInt32(), r.GetProperty("returns").GetInt32()));

    [Fact]
    public async Task A_closed_months_ranking_matches_an_independent_count_and_never_changes_once_published()
    {
        var counted = await OctoberCountedAsync();
        var first = await GetAsync("jx-xian-bangongshi", "/api/monitoring/rankings?by=department&period=2026-10");

        Assert.True(first.GetProperty("frozen").GetBoolean());
        Assert.Equal(counted.OrderBy(c => c.Key, StringComparer.Ordinal), Published(first).OrderBy(c => c.Key, StringComparer.Ordinal));
        Assert.Contains(counted.Values, c => c.Overdue > 0);
        Assert.Contains(counted.Values, c => c.Completed > 0);
        var ranks = first.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("rank").GetInt32()).ToList();
        Assert.Equal(Enumerable.Range(1, ranks.Count), ranks);

        // A task completed late, dated in October after the ranking was published: October's figures change, its ranking does not.
        Clock.Set(new DateTimeOffset(2026, 10, 29, 15, 0, 0, TimeSpan.FromHours(8)));
        Api.ForgetTokens();
        var water = (await GetAsync("jx-shuili", "/api/inbox")).GetProperty("items").EnumerateArray().First(i => i.GetProperty("stepId").GetString() == "confirm-sub-projects");
        (await Api.PostAsync("jx-shuili", $"/api/tasks/{water.GetProperty("taskId").GetString()}/complete", new { outcome = "approve" }, Ct)).Expect(HttpStatusCode.OK);
        Clock.Set(Today);
        Api.ForgetTokens();

        var again = await GetAsync("jx-xian-bangongshi", "/api/monitoring/rankings?by=department&period=2026-10");
        Assert.NotEqual(counted.OrderBy(c => c.Key, StringComparer.Ordinal), (await OctoberCountedAsync()).OrderBy(c => c.Key, StringComparer.Ordinal));
        Assert.Equal(first.ToString(), again.ToString());

        // The current month is live, and another office's ranking is its own.
        Assert.False((await GetAsync("jx-xian-bangongshi", "/api/monitoring/rankings?by=department&period=2026-11")).GetProperty("frozen").GetBoolean());
        var city = await GetAsync("jx-shi-bangongshi", "/api/monitoring/rankings?by=county&period=2026-10");
        Assert.Equal(["330421"], city.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("key").GetString()!));
    }

    [Theory]
    [InlineData("2026-10")]
    [InlineData("2026-11")]
    [InlineData("2026-Q4")]
    public async Task Step_durations_are_the_median_and_90th_percentile_of_an_independent_count(string period)
    {
        var span = Approvals.Server.Apis.Monitoring.Period.Parse(period)!;
        var samples = await InDbAsync(async db => await db.Tasks.AsNoTracking()
            .Where(t => t.Status == TaskRowStatus.Completed && t.WorkingDaysTaken != null)
            .Join(db.Instances.AsNoTracking().Where(i => i.CountyCode == "330421"), t => t.InstanceId, i => i.Id, (t, i) => new { Step = i.DefinitionId + ":" + t.StepId, t.ClosedAt, t.OpenedAt, t.WorkingDaysTaken })
            .ToListAsync(Ct));
        var inPeriod = samples.Where(s => s.ClosedAt >= span.Start && s.ClosedAt < span.End).ToList();

        // Each kept duration is the working days from opening to closing.
        Assert.All(samples, s => Assert.Equal(Calendar.WorkingDaysBetween(ChinaStandardTime.DateOf(s.OpenedAt), ChinaStandardTime.DateOf(s.ClosedAt!.Value)), s.WorkingDaysTaken));

        // The smallest value with at least p of the durations at or below it.
        static int Percentile(List<int> days, double p) => days.Distinct().Order().First(v => days.Count(d => d <= v) >= p * days.Count);
        var expected = inPeriod.GroupBy(s => s.Step).ToDictionary(g => g.Key, g =>
        {
            var days = g.Select(s => s.WorkingDaysTaken!.Value).ToList();
            return (days.Count, Percentile(days, 0.5), Percentile(days, 0.9));
        });

        var rows = (await GetAsync("jx-shi-bangongshi", $"/api/monitoring/step-durations?period={period}")).EnumerateArray()
            .ToDictionary(r => r.GetProperty("key").GetString()!, r => (r.GetProperty("completed").GetInt32(), r.GetProperty("median").GetInt32(), r.GetProperty("percentile90").GetInt32()));

        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), rows.OrderBy(r => r.Key, StringComparer.Ordinal));
        Assert.Contains(expected.Values, e => e.Item3 > e.Item2);
    }

    private async Task<(List<string> Tasks, List<string> Durations)> TalliesAsync() => await InDbAsync(async db => (
        (await db.TaskTallies.AsNoTracking().ToListAsync(Ct))
            .Select(t => $"{t.Month} {t.CountyCode} {t.AssigneeKind}:{t.AssigneeCode}@{t.AssigneeJurisdiction} {t.Completed} {t.OnTime} {t.WorkingDays} {t.Timed} {t.Returns} {t.Late}")
            .Order(StringComparer.Ordinal).ToList(),
        (await db.StepDurationTallies.AsNoTracking().ToListAsync(Ct))
            .Select(t => $"{t.Jurisdiction} {t.Month} {t.DefinitionId}:{t.StepId} {t.StepName} {t.WorkingDays} {t.Tasks}").Order(StringComparer.Ordinal).ToList()));

    [Fact]
    public async Task The_migrations_backfill_of_the_tallies_counts_what_was_counted_as_each_task_closed()
    {
        // The runtime counted the scenario's tasks as they closed; the generator counts its synthetic county's the same way.
        await SyntheticProvince.GenerateAsync(Factory.Services, 60, seed: 3, Clock.GetUtcNow(), Ct);
        var kept = await TalliesAsync();
        var provider = Factory.Services.GetRequiredService<DatabaseSettings>().Provider;
        var backfill = MigrationCatalog.For(provider).Single(m => m.Version == 13).Sql.Split(";\n")
            .Where(statement => statement.Contains("INSERT INTO", StringComparison.Ordinal)).ToList();

        await InDbAsync(async db =>
        {
            await db.TaskTallies.ExecuteDeleteAsync(Ct);
            await db.StepDurationTallies.ExecuteDeleteAsync(Ct);
            foreach (var statement in backfill)
            {
                await db.Database.ExecuteSqlRawAsync(statement, Ct);
            }

            return 0;
        });
        var rebuilt = await TalliesAsync();

        Assert.Equal(2, backfill.Count);
        Assert.Contains(kept.Tasks, t => t.Contains(" 330421 department:agriculture-rural@330421 ", StringComparison.Ordinal));
        Assert.Contains(kept.Durations, t => t.StartsWith("330400 ", StringComparison.Ordinal));
        Assert.Contains(kept.Durations, t => t.StartsWith("990000 ", StringComparison.Ordinal));
        Assert.Contains(kept.Tasks, t => !t.EndsWith(" 0", StringComparison.Ordinal));
        Assert.Equal(kept.Tasks, rebuilt.Tasks);
        Assert.Equal(kept.Durations, rebuilt.Durations);
    }

    [Fact]
    public async Task Processes_stuck_for_technical_reasons_are_listed_apart_with_their_error()
    {
        var before = (await GetAsync("jx-xian-bangongshi", "/api/monitoring/incidents")).EnumerateArray().ToList();
        var (stuck, late) = await InDbAsync(async db =>
        {
            var instances = await db.Instances.Where(i => i.ProjectName == "监测项目1012" || i.ProjectName == "监测项目1023").OrderBy(i => i.ProjectName).ToListAsync(Ct);

            // As if a bug had closed every piece of work of one process without moving it on.
            await db.Tasks.Where(t => t.InstanceId == instances[0].Id && t.Status == TaskRowStatus.Open).ExecuteUpdateAsync(u => u.SetProperty(t => t.Status, TaskRowStatus.Cancelled), Ct);
            await db.Timers.Where(t => t.InstanceId == instances[0].Id && t.Status == TimerRowStatus.Pending).ExecuteUpdateAsync(u => u.SetProperty(t => t.Status, TimerRowStatus.Cancelled), Ct);

            // A timer of the other, due two hours ago, held by a node that stopped answering after two failed tries.
            var fired = await db.Timers.AsNoTracking().Where(t => t.InstanceId == instances[1].Id).OrderBy(t => t.DueAt).FirstAsync(Ct);
            db.Timers.Add(new TimerRow
            {
                Id = Guid.CreateVersion7(), InstanceId = fired.InstanceId, Kind = fired.Kind, ActivityId = fired.ActivityId, TaskId = fired.TaskId,
                DueAt = Today.AddHours(-2), Status = TimerRowStatus.Pending, LeaseOwner = "node-that-hung", LeaseExpiresAt = Today.AddDays(1),
                Attempts = 2, LastError = "模拟故障：环节拒绝执行",
            });
            await db.SaveChangesAsync(Ct);
            return (instances[0].Id, instances[1].Id);
        });

        var incidents = (await GetAsync("jx-xian-bangongshi", "/api/monitoring/incidents")).EnumerateArray().ToList();
        var added = incidents.Where(i => !before.Any(b => b.ToString() == i.ToString())).ToList();

        Assert.Equal(2, added.Count);
        var stuckOne = Assert.Single(added, i => i.GetProperty("kind").GetString() == "stuck");
        Assert.Equal(stuck, stuckOne.GetProperty("instanceId").GetGuid());
        var lateOne = Assert.Single(added, i => i.GetProperty("kind").GetString() == "timer-late");
        Assert.Equal(late, lateOne.GetProperty("instanceId").GetGuid());
        Assert.Equal("模拟故障：环节拒绝执行", lateOne.GetProperty("error").GetString());
        Assert.Equal(2, lateOne.GetProperty("attempts").GetInt32());

        Assert.Empty((await GetAsync("sx-bangongshi", "/api/monitoring/incidents")).EnumerateArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await Api.GetAsync("jx-nongye", "/api/monitoring/incidents", Ct)).Status);
    }

    [Fact]
    public async Task A_timer_whose_step_fails_keeps_its_error_and_attempts_for_the_incidents_list()
    {
        var (instanceId, timerId) = await InDbAsync(async db =>
        {
            var instance = await db.Instances.Where(i => i.ProjectName == "监测项目1023").FirstAsync(Ct);

            // As if the process's state had been damaged: every step of it now fails, a timer's too.
            instance.State = "{\"damaged\": ";
            var timer = new TimerRow
            {
                Id = Guid.CreateVersion7(), InstanceId = instance.Id, Kind = "Warning", ActivityId = 1, DueAt = Today.AddHours(-2), Status = TimerRowStatus.Pending,
            };
            db.Timers.Add(timer);
            await db.SaveChangesAsync(Ct);
            return (instance.Id, timer.Id);
        });

        JsonElement? incident = null;
        for (var attempt = 0; attempt < 150 && incident is null; attempt++)
        {
            await Task.Delay(100, Ct);
            incident = (await GetAsync("jx-xian-bangongshi", "/api/monitoring/incidents")).EnumerateArray()
                .Cast<JsonElement?>().FirstOrDefault(i => i!.Value.GetProperty("kind").GetString() == "timer-late" && i.Value.GetProperty("instanceId").GetGuid() == instanceId
                    && i.Value.GetProperty("error").ValueKind == JsonValueKind.String);
        }

        // Claimed (each claim an attempt), failed, its reason kept; the timer stays pending for the next try.
        Assert.NotNull(incident);
        Assert.StartsWith("JsonException: ", incident.Value.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True(incident.Value.GetProperty("attempts").GetInt32() >= 1);
        Assert.Equal(TimerRowStatus.Pending, await InDbAsync(db => db.Timers.Where(t => t.Id == timerId).Select(t => t.Status).SingleAsync(Ct)));
    }

    [Fact]
    public async Task Lists_and_breakdowns_export_as_csv_with_a_byte_order_mark_for_excel()
    {
        var total = (await GetAsync("jx-xian-bangongshi", "/api/monitoring/tasks?state=overdue")).GetProperty("total").GetInt32();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/monitoring/tasks?state=overdue&format=csv");
        request.Headers.Authorization = new("Bearer", await Api.TokenAsync("jx-xian-bangongshi", Ct));
        using var response = await Api.Client.SendAsync(request, Ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.StartsWith("项目,区县,环节", lines[0], StringComparison.Ordinal);
        Assert.Equal(total + 1, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Contains("红灯", l, StringComparison.Ordinal));

        using var breakdown = new HttpRequestMessage(HttpMethod.Get, "/api/monitoring/breakdown?by=county&format=csv");
        breakdown.Headers.Authorization = new("Bearer", await Api.TokenAsync("jx-shi-bangongshi", Ct));
        using var answer = await Api.Client.SendAsync(breakdown, Ct);
        Assert.Contains("嘉善县", Encoding.UTF8.GetString(await answer.Content.ReadAsByteArrayAsync(Ct)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/monitoring/tasks?state=late", "state")]
    [InlineData("/api/monitoring/tasks?pageSize=0", "pageSize")]
    [InlineData("/api/monitoring/tasks?age=3-4", "age")]
    [InlineData("/api/monitoring/tasks?state=stalled&stalledDays=0", "stalledDays")]
    [InlineData("/api/monitoring/tasks?step=review", "step")]
    [InlineData("/api/monitoring/breakdown", "by")]
    [InlineData("/api/monitoring/breakdown?by=county&format=xlsx", "format")]
    [InlineData("/api/monitoring/rankings?by=village&period=2026-10", "by")]
    [InlineData("/api/monitoring/rankings?by=county&period=2026-13", "period")]
    [InlineData("/api/monitoring/rankings?by=county&period=2027-Q1", "period")]
    [InlineData("/api/monitoring/step-durations?period=Q4", "period")]
    public async Task A_bad_query_is_refused_naming_the_parameter(string path, string field)
    {
        var answer = await Api.GetAsync("jx-xian-bangongshi", path, Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.Status);
        Assert.Equal([field], answer.ErrorFields);
    }
}
