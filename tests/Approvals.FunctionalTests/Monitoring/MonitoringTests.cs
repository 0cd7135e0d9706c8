using System.Net;
using System.Text;
using System.Text.Json;
using Approvals.Engine.Calendar;
using Approvals.Engine.Runtime;
using Approvals.FunctionalTests.Cases;
using Approvals.Persistence.Workflows;
using Approvals.Server.Security;
using Approvals.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.FunctionalTests.Monitoring;

/// <summary>
/// The managers' views over the demo projects and three more started weeks apart: every figure equals a count made
/// here from the task rows, in memory, on the working-day calendar; every list holds what its figure counted.
/// </summary>
public sealed class MonitoringTests() : ApiTestHost(
    new Dictionary<string, string?> { ["Approvals:DemoProjects"] = "true", ["Approvals:Timers:PollSeconds"] = "0.2" },
    services => services.AddSingleton<TimeProvider>(Clock))
{
    // Projects start on days whose tasks are, on Monday 23 November 2026 when the managers look, 5 and 6, 10 and 11,
    // 20 and 21 working days old (each side of the ageing buckets' bounds), and older.
    private static readonly ManualClock Clock = new(new DateTimeOffset(2026, 10, 12, 9, 0, 0, TimeSpan.FromHours(8)));
    private static readonly DateTimeOffset Today = new(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(8));

    private sealed record OpenTask(Guid Id, string Organisation, string County, string Region, string Step, DateTimeOffset OpenedAt, DateTimeOffset? DueAt, DateOnly? DueDate, string? Warning);

    private WorkingDayCalendar Calendar => Factory.Services.GetRequiredService<EngineContext>().Calendar;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var day in new[] { 12, 23, 26, 37, 40, 44, 47 })
        {
            var at = new DateTimeOffset(2026, 10, 1, 9, 0, 0, TimeSpan.FromHours(8)).AddDays(day - 1);
            var name = $"监测项目{at:MMdd}";
            Clock.Set(at);
            Api.ForgetTokens();
            var id = await Api.StartAsync(name, Ct);
            await Api.DoAsync("jx-nongye", id, "confirm-sub-projects", "complete", new { outcome = "approve" }, Ct);
        }

        Clock.Set(Today);
        Api.ForgetTokens();
        // Let the warnings due by now be raised, so the rows hold the state the views report.
        for (var attempt = 0; attempt < 300 && await InDbAsync(db => db.Timers.AnyAsync(t => t.Status == TimerRowStatus.Pending && t.DueAt <= Today, Ct)); attempt++)
        {
            await Task.Delay(100, Ct);
        }
    }

    private async Task<List<OpenTask>> OpenTasksAsync() => await InDbAsync(async db =>
        (await db.Tasks.AsNoTracking().Where(t => t.Status == TaskRowStatus.Open)
            .Join(db.Instances.AsNoTracking(), t => t.InstanceId, i => i.Id, (t, i) => new { t, i }).ToListAsync(Ct))
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
    public async Task A_bad_query_is_refused_naming_the_parameter(string path, string field)
    {
        var answer = await Api.GetAsync("jx-xian-bangongshi", path, Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.Status);
        Assert.Equal([field], answer.ErrorFields);
    }
}
