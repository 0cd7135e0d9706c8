using System.Diagnostics;
using Approvals.Engine.Definitions;
using Approvals.Engine.Runtime;
using Approvals.Persistence;
using Approvals.Persistence.Migrations;
using Approvals.Runtime;
using Approvals.Runtime.Definitions;
using Approvals.Runtime.Workflows;
using Approvals.Scenarios;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Approvals.Benchmarks;

public sealed record DurableResult(string Database, int Clients, double Seconds, int Instances, int Completions, double CompletionsPerSecond, double P50Ms, double P99Ms);

/// <summary>
/// The durable runtime under load: each client starts instances of the shape and completes their five reviews,
/// every completion one transaction. Measures completions per second and the latency of each completion.
/// </summary>
public static class DurableBenchmark
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    public static async Task<DurableResult> RunAsync(DatabaseSettings settings, int clients, TimeSpan warmup, TimeSpan measure)
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddApprovalsPersistence(settings);
        services.AddWorkflowRuntime(ScenarioWorkflows.Loader, ScenarioWorkflows.Context());
        await using var provider = services.BuildServiceProvider();
        await using (var scope = provider.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().MigrateAsync();
            await scope.ServiceProvider.GetRequiredService<DefinitionRegistry>()
                .PublishAsync(scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>(), [(Shape.Definition, Shape.Json)], At);
        }

        var measuring = false;
        var latencies = new List<double>[clients];
        var instances = new int[clients];
        using var stop = new CancellationTokenSource();

        async Task Client(int client)
        {
            latencies[client] = new List<double>(100_000);
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                Guid instance;
                List<Guid> tasks;
                await using (var scope = provider.CreateAsyncScope())
                {
                    instance = await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().StartAsync(Shape.Definition.Id, Shape.Project(client * 10_000_000 + n), "bench", At);
                    tasks = await scope.ServiceProvider.GetRequiredService<ApprovalsDbContext>().Tasks.AsNoTracking()
                        .Where(t => t.InstanceId == instance).Select(t => t.Id).ToListAsync();
                }

                foreach (var task in tasks)
                {
                    var watch = Stopwatch.StartNew();
                    await using (var scope = provider.CreateAsyncScope())
                    {
                        await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>()
                            .ExecuteAsync(instance, new CompleteTask(task, Outcome.Approve, "同意", "clerk", At));
                    }

                    if (measuring)
                    {
                        latencies[client].Add(watch.Elapsed.TotalMilliseconds);
                    }
                }

                if (measuring)
                {
                    instances[client]++;
                }
            }
        }

        var running = Enumerable.Range(0, clients).Select(c => Task.Run(() => Client(c))).ToArray();
        await Task.Delay(warmup);
        measuring = true;
        var clock = Stopwatch.StartNew();
        await Task.Delay(measure);
        measuring = false;
        var elapsed = clock.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await Task.WhenAll(running);

        var all = latencies.SelectMany(l => l).Order().ToList();
        return new DurableResult(settings.Provider.ToConfigName(), clients, elapsed, instances.Sum(), all.Count, all.Count / elapsed,
            Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
