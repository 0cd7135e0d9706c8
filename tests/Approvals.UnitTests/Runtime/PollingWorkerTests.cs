using Approvals.Runtime.Workers;
using Microsoft.Extensions.Logging.Abstractions;

namespace Approvals.UnitTests.Runtime;

/// <summary>The loop every background worker shares: pause when idle or failed, go on at once when busy, stop when done.</summary>
public sealed class PollingWorkerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A clock whose pauses last until the test lets them end: what the worker waits on is counted, not timed.</summary>
    private sealed class HeldClock : TimeProvider
    {
        private readonly Lock _lock = new();
        private readonly List<(TimerCallback Callback, object? State)> _held = [];

        public int Pauses { get; private set; }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            lock (_lock)
            {
                Pauses++;
                _held.Add((callback, state));
            }

            return new Held();
        }

        public void EndPauses()
        {
            List<(TimerCallback Callback, object? State)> ending;
            lock (_lock)
            {
                ending = [.. _held];
                _held.Clear();
            }

            ending.ForEach(t => t.Callback(t.State));
        }

        private sealed class Held : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    private sealed class Scripted(HeldClock clock, IEnumerable<Func<Pass>> passes, bool enabled = true)
        : PollingWorker(clock, NullLogger.Instance)
    {
        private readonly Queue<Func<Pass>> _passes = new(passes);
        private int _made;

        public int Made => Volatile.Read(ref _made);

        protected override TimeSpan Pause => TimeSpan.FromSeconds(5);

        protected override bool Enabled => enabled;

        protected override Task<Pass> PassAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _made);
            return Task.FromResult(_passes.Dequeue()());
        }
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        patience.CancelAfter(Patience);
        while (!condition())
        {
            await Task.Delay(5, patience.Token);
        }
    }

    [Fact]
    public async Task Busy_passes_follow_one_another_at_once_and_an_idle_pass_waits_for_the_pause()
    {
        var clock = new HeldClock();
        var worker = new Scripted(clock, [() => Pass.Busy, () => Pass.Busy, () => Pass.Idle, () => Pass.Done]);

        await worker.StartAsync(Ct);
        await UntilAsync(() => clock.Pauses == 1);
        var madeBeforeThePauseEnded = worker.Made;
        clock.EndPauses();
        await worker.ExecuteTask!.WaitAsync(Patience, Ct);

        Assert.Equal(3, madeBeforeThePauseEnded);
        Assert.Equal(4, worker.Made);
        Assert.Equal(1, clock.Pauses);
    }

    [Fact]
    public async Task A_failed_pass_is_tried_again_after_the_pause_and_a_done_pass_ends_the_worker()
    {
        var clock = new HeldClock();
        var worker = new Scripted(clock, [() => throw new InvalidOperationException("the database is away"), () => Pass.Done, () => Pass.Busy]);

        await worker.StartAsync(Ct);
        await UntilAsync(() => clock.Pauses == 1);
        clock.EndPauses();
        await worker.ExecuteTask!.WaitAsync(Patience, Ct);

        Assert.Equal(2, worker.Made);
        Assert.Equal(1, clock.Pauses);
    }

    [Fact]
    public async Task A_worker_this_node_does_not_run_makes_no_pass()
    {
        var clock = new HeldClock();
        var worker = new Scripted(clock, [() => Pass.Busy], enabled: false);

        await worker.StartAsync(Ct);
        await worker.ExecuteTask!.WaitAsync(Patience, Ct);

        Assert.Equal(0, worker.Made);
    }

    [Fact]
    public async Task Stopping_the_host_ends_a_pause_and_the_worker()
    {
        var clock = new HeldClock();
        var worker = new Scripted(clock, [() => Pass.Idle, () => Pass.Busy]);
        await worker.StartAsync(Ct);
        await UntilAsync(() => clock.Pauses == 1);

        await worker.StopAsync(Ct).WaitAsync(Patience, Ct);

        Assert.True(worker.ExecuteTask!.IsCompleted);
        Assert.Equal(1, worker.Made);
    }
}
