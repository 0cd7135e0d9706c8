using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Approvals.Runtime.Workers;

/// <summary>What one pass of a worker found.</summary>
public enum Pass
{
    /// <summary>Nothing more waits: pause before the next pass.</summary>
    Idle,

    /// <summary>A full batch was taken, so more may wait: go on at once.</summary>
    Busy,

    /// <summary>The worker's job is done on this node (the department queues are declared): stop.</summary>
    Done,
}

/// <summary>
/// The loop every background worker of a node shares (timers, outbox relay, webhooks, letters, department queues):
/// a pass, then a pause unless the pass took a full batch. A pass that fails is logged and tried again after the
/// pause, since the database or the broker may be away for a while; readiness says so meanwhile. Any number of
/// nodes run the same workers: what a pass takes it claims first (<c>LeaseClaims</c>, row locks).
/// </summary>
public abstract class PollingWorker(TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>
    /// Who holds this worker's leases: the machine and process, and the worker itself, since one process may host
    /// several nodes (the tests do) and each must see the others' claims as foreign.
    /// </summary>
    protected string NodeName { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>The clock the worker pauses on and claims by (a test's manual clock, or the system's).</summary>
    protected TimeProvider Time { get; } = time;

    protected ILogger Logger { get; } = logger;

    /// <summary>How long to wait after an idle or failed pass.</summary>
    protected abstract TimeSpan Pause { get; }

    /// <summary>Whether this node runs the worker at all (no letters without their font, no queues on the in-memory bus).</summary>
    protected virtual bool Enabled => true;

    /// <summary>One pass: claim what is due and work it.</summary>
    protected abstract Task<Pass> PassAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var pass = Pass.Idle;
            try
            {
                pass = await PassAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                Logger.LogWarning(ex, "{Worker} pass failed on {Node}; trying again in {Seconds} s", GetType().Name, NodeName, Pause.TotalSeconds);
            }

            if (pass == Pass.Done)
            {
                return;
            }

            if (pass == Pass.Idle)
            {
                // A stop ends the pause without an exception: the loop's condition ends the worker.
                await Task.Delay(Pause, Time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
