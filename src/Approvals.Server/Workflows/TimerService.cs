using Approvals.Persistence.Workflows;

namespace Approvals.Server.Workflows;

/// <summary>
/// This node's timer loop: every poll, claim what is due and fire it. Any number of nodes can run it
/// against one database; a timer fires on one of them, once.
/// </summary>
internal sealed class TimerService(TimerProcessor processor, IServiceScopeFactory scopes, TimeProvider time, IConfiguration configuration, ILogger<TimerService> logger) : BackgroundService
{
    public static readonly string Node = $"{Environment.MachineName}:{Environment.ProcessId}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(configuration.GetValue("Approvals:Timers:PollSeconds", 5.0));
        using var timer = new PeriodicTimer(poll, time);
        var recounted = false;
        do
        {
            if (!recounted)
            {
                // This node's calendar may know a year that provisional deadlines ran into: count them again first.
                try
                {
                    var instances = await DeadlineRecalculation.RunAsync(scopes, time.GetUtcNow(), stoppingToken);
                    recounted = true;
                    if (instances > 0)
                    {
                        logger.LogInformation("Recounted provisional deadlines of {Count} instance(s) on the current calendar", instances);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Provisional deadlines not recounted yet on {Node}", Node);
                }
            }

            try
            {
                int fired;
                do
                {
                    fired = await processor.RunOnceAsync(Node, time.GetUtcNow(), cancellationToken: stoppingToken);
                }
                while (fired > 0 && !stoppingToken.IsCancellationRequested);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database may be briefly unreachable; the next poll tries again, and readiness reports it.
                logger.LogWarning(ex, "Timer poll failed on {Node}", Node);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
