using Approvals.Runtime.Workers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Approvals.Runtime.Timers;

/// <summary>
/// This node's timer loop: every poll, claim what is due and fire it. Any number of nodes can run it
/// against one database; a timer fires on one of them, once.
/// </summary>
internal sealed class TimerService(TimerProcessor processor, IServiceScopeFactory scopes, TimeProvider time, IConfiguration configuration, ILogger<TimerService> logger)
    : PollingWorker(time, logger)
{
    private bool _recounted;

    protected override TimeSpan Pause { get; } = TimeSpan.FromSeconds(
        double.TryParse(configuration["Approvals:Timers:PollSeconds"], System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? seconds : 5.0);

    protected override async Task<Pass> PassAsync(CancellationToken cancellationToken)
    {
        if (!_recounted)
        {
            // This node's calendar may know a year that provisional deadlines ran into: count them again first.
            try
            {
                var instances = await DeadlineRecalculation.RunAsync(scopes, Time.GetUtcNow(), cancellationToken);
                _recounted = true;
                if (instances > 0)
                {
                    Logger.LogInformation("Recounted provisional deadlines of {Count} instance(s) on the current calendar", instances);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Logger.LogWarning(ex, "Provisional deadlines not recounted yet on {Node}", NodeName);
            }
        }

        return await processor.RunOnceAsync(NodeName, Time.GetUtcNow(), cancellationToken: cancellationToken) > 0 ? Pass.Busy : Pass.Idle;
    }
}
