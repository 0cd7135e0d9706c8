using System.Globalization;
using Approvals.Benchmarks;
using Approvals.Persistence;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Npgsql;

// Usage: Approvals.Benchmarks [engine] [durable] [letters] [monitoring] [--postgres "Host=…;Username=…;Database=postgres"] [--clients 4] [--seconds 20]
//        [--letters 1000] [--font /path/to/font.ttf] [--projects 100000] [--repeats 30]
var options = Options(args);
var all = args.All(a => a.StartsWith("--", StringComparison.Ordinal) || !new[] { "engine", "durable", "letters", "monitoring" }.Contains(a));
var lines = new List<string>();

if (all || args.Contains("engine"))
{
    // In-process: the benchmark runs in this build rather than a generated project.
    var config = ManualConfig.CreateMinimumViable()
        .AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(12).WithToolchain(InProcessEmitToolchain.Instance));
    var summary = BenchmarkRunner.Run<EngineBenchmarks>(config);
    var nanoseconds = summary.Reports.Single().ResultStatistics!.Mean;
    var perSecond = 1e9 / nanoseconds;
    lines.Add($"engine, in memory, 1 thread: {perSecond:N0} instances/s, {perSecond * 5:N0} task completions/s ({nanoseconds / 1000:N1} µs per instance: start, 5 reviews, join)");
}

if (all || args.Contains("durable"))
{
    var clients = int.Parse(options.GetValueOrDefault("--clients", "4"), CultureInfo.InvariantCulture);
    var seconds = TimeSpan.FromSeconds(double.Parse(options.GetValueOrDefault("--seconds", "20"), CultureInfo.InvariantCulture));
    var warmup = TimeSpan.FromSeconds(double.Parse(options.GetValueOrDefault("--warmup", "5"), CultureInfo.InvariantCulture));

    if (options.GetValueOrDefault("--only") is null or "sqlite")
    {
        var folder = Path.Combine(Path.GetTempPath(), "approvals-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        lines.Add(Format(await DurableBenchmark.RunAsync(DatabaseSettings.SqliteFile(Path.Combine(folder, "bench.db")), clients, warmup, seconds)));
        Directory.Delete(folder, recursive: true);
    }

    if (options.GetValueOrDefault("--only") == "sqlite")
    {
    }
    else if (options.TryGetValue("--postgres", out var admin))
    {
        var name = $"approvals_bench_{Guid.NewGuid():N}";
        await Execute(admin, $"CREATE DATABASE \"{name}\"");
        var connection = new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 20 }.ConnectionString;
        lines.Add(Format(await DurableBenchmark.RunAsync(new DatabaseSettings(DatabaseProvider.PostgreSql, connection), clients, warmup, seconds)));
        NpgsqlConnection.ClearAllPools();
        await Execute(admin, $"DROP DATABASE \"{name}\" WITH (FORCE)");
    }
    else
    {
        lines.Add("durable, PostgreSQL: skipped (no --postgres connection string; scripts/bench.sh starts a server and passes one)");
    }
}

if (all || args.Contains("letters"))
{
    var font = options.GetValueOrDefault("--font", LetterBenchmark.DefaultFont);
    var count = int.Parse(options.GetValueOrDefault("--letters", "1000"), CultureInfo.InvariantCulture);
    foreach (var (kind, letter) in LetterBenchmark.Samples)
    {
        var r = LetterBenchmark.Run(font, kind == "long" ? Math.Max(1, count / 5) : count, kind, letter);
        lines.Add($"letters to PDF, {r.Kind} ({r.Pages} page(s)), 1 thread{(r.OneCore ? " pinned to 1 core" : "")}: {r.LettersPerSecond:N0} letters/s " +
            $"({r.Letters:N0} in {r.Seconds:N2} s, {r.BytesPerLetter / 1024.0:N1} KB each), GC allocated {r.AllocatedMbPerLetter:N2} MB per letter, " +
            $"peak working set {r.PeakWorkingSetMb:N0} MB, font load {r.FontLoadMs:N0} ms");
    }
}

if (all || args.Contains("monitoring"))
{
    var projects = int.Parse(options.GetValueOrDefault("--projects", "100000"), CultureInfo.InvariantCulture);
    var repeats = int.Parse(options.GetValueOrDefault("--repeats", "30"), CultureInfo.InvariantCulture);
    if (options.TryGetValue("--postgres", out var admin))
    {
        var name = $"approvals_bench_{Guid.NewGuid():N}";
        await Execute(admin, $"CREATE DATABASE \"{name}\"");
        var connection = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        var r = await MonitoringBenchmark.RunAsync(new DatabaseSettings(DatabaseProvider.PostgreSql, connection), projects, repeats);
        lines.Add($"monitoring, {r.Database}: synthetic province of {r.Projects:N0} projects, {r.Tasks:N0} tasks ({r.OpenTasks:N0} open), generated in {r.GenerateSeconds:N0} s; " +
            $"each query {repeats} times over HTTP in memory (target p95 ≤ 50 ms):");
        lines.AddRange(r.Timings.Select(t => $"  {t.Query} ({t.User}, {t.Rows} rows): p50 {t.P50Ms:N1} ms, p95 {t.P95Ms:N1} ms"));
        NpgsqlConnection.ClearAllPools();
        await Execute(admin, $"DROP DATABASE \"{name}\" WITH (FORCE)");
    }
    else
    {
        lines.Add("monitoring, PostgreSQL: skipped (no --postgres connection string; scripts/bench.sh starts a server and passes one)");
    }
}

Console.WriteLine();
Console.WriteLine($"Approvals benchmark on {Environment.ProcessorCount} cores, .NET {Environment.Version}:");
foreach (var line in lines)
{
    Console.WriteLine("  " + line);
}

static string Format(DurableResult r) =>
    $"durable, {r.Database}, {r.Clients} clients, {r.Seconds:N0} s: {r.CompletionsPerSecond:N0} task completions/s " +
    $"({r.Completions:N0} completions, {r.Instances:N0} instances), completion latency p50 {r.P50Ms:N2} ms, p99 {r.P99Ms:N2} ms";

static async Task Execute(string connectionString, string sql)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    await command.ExecuteNonQueryAsync();
}

static Dictionary<string, string> Options(string[] args)
{
    var options = new Dictionary<string, string>();
    for (var i = 0; i < args.Length - 1; i++)
    {
        if (args[i].StartsWith("--", StringComparison.Ordinal))
        {
            options[args[i]] = args[i + 1];
        }
    }

    return options;
}
