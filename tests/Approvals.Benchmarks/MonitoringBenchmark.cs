using System.Diagnostics;
using System.Net;
using Approvals.Persistence;
using Approvals.Server.Demo;
using Approvals.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.Benchmarks;

public sealed record MonitoringTiming(string Query, string User, int Rows, double P50Ms, double P95Ms);

public sealed record MonitoringResult(string Database, int Projects, int Tasks, int OpenTasks, double GenerateSeconds, IReadOnlyList<MonitoringTiming> Timings);

/// <summary>
/// The managers' views over HTTP (the real service in memory) on a synthetic province: each query answered
/// repeatedly as the province's, a city's or a county's manager, its 50th and 95th percentile latency printed.
/// Nothing is asserted; the target (p95 ≤ 50 ms on PostgreSQL) is reported against.
/// </summary>
public static class MonitoringBenchmark
{
    public static async Task<MonitoringResult> RunAsync(DatabaseSettings database, int projects, int repeats)
    {
        // Outside a test project WebApplicationFactory cannot find the service's folder by itself; its own setting names it.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_APPROVALS_SERVER", AppContext.BaseDirectory);
        await using var factory = new ApprovalsWebFactory(new Dictionary<string, string?>
        {
            ["Approvals:Database:Provider"] = database.Provider == DatabaseProvider.PostgreSql ? "PostgreSQL" : "Sqlite",
            ["ConnectionStrings:Approvals"] = database.ConnectionString,
            ["Approvals:Demo"] = "false",
            ["Approvals:Letters:Enabled"] = "false",
        });
        using var client = factory.CreateClient();
        await ReadinessProbe.WaitAsync(client, HttpStatusCode.OK, TimeSpan.FromSeconds(120));
        var now = TimeProvider.System.GetUtcNow();
        var generated = await SyntheticProvince.GenerateAsync(factory.Services, projects, seed: 1, now, CancellationToken.None);
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            // What autovacuum does to freshly inserted rows soon after (statistics, and the visibility map that lets the
            // open-task index answer without visiting the table), done at once rather than waited for.
            await scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>().Database.ExecuteSqlRawAsync("VACUUM ANALYZE");
        }

        var api = new ApiSession(client, DemoData.Password);
        var today = Approvals.Engine.Calendar.ChinaStandardTime.DateOf(now);
        var lastMonth = today.AddMonths(-1);
        var queries = new (string Name, string User, string Path)[]
        {
            ("overdue tasks, page 1", "sim-province", "/api/monitoring/tasks?state=overdue"),
            ("stalled ≥ 10 working days, page 1", "sim-province", "/api/monitoring/tasks?state=stalled&stalledDays=10"),
            ("due-soon tasks, page 1", "sim-city", "/api/monitoring/tasks?state=due-soon"),
            ("open tasks of one county, page 5", "sim-county", "/api/monitoring/tasks?page=5"),
            ("breakdown by department", "sim-province", "/api/monitoring/breakdown?by=department"),
            ("breakdown by county", "sim-province", "/api/monitoring/breakdown?by=county"),
            ("breakdown by region", "sim-province", "/api/monitoring/breakdown?by=region"),
            ("breakdown by step", "sim-province", "/api/monitoring/breakdown?by=step"),
            ("ranking by department, this month (live)", "sim-province", $"/api/monitoring/rankings?by=department&period={today:yyyy-MM}"),
            ("ranking by county, last month (frozen)", "sim-province", $"/api/monitoring/rankings?by=county&period={lastMonth:yyyy-MM}"),
            ("ranking by county, this year (live)", "sim-province", $"/api/monitoring/rankings?by=county&period={today:yyyy}"),
            ("step durations, this year", "sim-province", $"/api/monitoring/step-durations?period={today:yyyy}"),
            ("incidents", "sim-province", "/api/monitoring/incidents"),
            ("overdue tasks of a city as CSV", "sim-city", "/api/monitoring/tasks?state=overdue&format=csv"),
        };

        var timings = new List<MonitoringTiming>();
        foreach (var (name, user, path) in queries)
        {
            await api.TokenAsync(user, CancellationToken.None);
            var rows = 0;
            for (var warm = 0; warm < 3; warm++)
            {
                rows = await GetAsync(api, user, path);
            }

            var samples = new List<double>();
            for (var i = 0; i < repeats; i++)
            {
                var clock = Stopwatch.StartNew();
                await GetAsync(api, user, path);
                samples.Add(clock.Elapsed.TotalMilliseconds);
            }

            samples.Sort();
            timings.Add(new MonitoringTiming(name, user, rows, Percentile(samples, 0.5), Percentile(samples, 0.95)));
        }

        return new MonitoringResult(database.Provider.ToString(), generated.Projects, generated.Tasks, generated.OpenTasks, generated.Elapsed.TotalSeconds, timings);
    }

    /// <summary>Answers the number of rows (items of a page, array entries, or CSV lines) so a reader sees what was measured.</summary>
    private static async Task<int> GetAsync(ApiSession api, string user, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new("Bearer", await api.TokenAsync(user, CancellationToken.None));
        using var response = await api.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{path} as {user}: {(int)response.StatusCode} {text}");
        }

        if (response.Content.Headers.ContentType?.MediaType == "text/csv")
        {
            return text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length - 1;
        }

        var json = System.Text.Json.JsonDocument.Parse(text).RootElement;
        return json.ValueKind == System.Text.Json.JsonValueKind.Array ? json.GetArrayLength()
            : json.TryGetProperty("items", out var items) ? items.GetArrayLength()
            : json.TryGetProperty("rows", out var rows) ? rows.GetArrayLength() : 1;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
