using Approvals.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Approvals.UnitTests.Persistence;

public sealed class WriteGateTests
{
    private static readonly DatabaseSettings Sqlite = new(DatabaseProvider.Sqlite, "Data Source=:memory:");
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_writer_queued_when_the_container_is_disposed_still_gets_its_turn()
    {
        var services = new ServiceCollection().AddSingleton(Sqlite).AddSingleton<WriteGate>().BuildServiceProvider();
        var gate = services.GetRequiredService<WriteGate>();
        var first = await Task.Run(() => gate.EnterAsync(CancellationToken.None).AsTask());
        var second = Task.Run(() => gate.EnterAsync(CancellationToken.None).AsTask());
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.False(second.IsCompleted);

        // The host shuts down while a consumer waits at the gate; the holder then finishes its write.
        await services.DisposeAsync();
        first.Dispose();

        using var turn = await second.WaitAsync(Patience, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Writers_on_separate_flows_take_turns_and_a_flow_that_holds_the_gate_enters_again()
    {
        var gate = new WriteGate(Sqlite);
        var inside = 0;
        var most = 0;
        var writers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            using var turn = await gate.EnterAsync(CancellationToken.None);
            using var again = await gate.EnterAsync(CancellationToken.None).AsTask().WaitAsync(Patience);
            var now = Interlocked.Increment(ref inside);
            most = Math.Max(most, now);
            await Task.Delay(5);
            Interlocked.Decrement(ref inside);
        }));

        await Task.WhenAll(writers).WaitAsync(Patience, TestContext.Current.CancellationToken);
        Assert.Equal(1, most);
    }

    [Fact]
    public async Task A_cancelled_wait_leaves_the_gate_free_for_the_next_writer()
    {
        var gate = new WriteGate(Sqlite);
        var holder = await Task.Run(() => gate.EnterAsync(CancellationToken.None).AsTask());
        using var cancel = new CancellationTokenSource();
        var waiting = Task.Run(() => gate.EnterAsync(cancel.Token).AsTask());
        await Task.Delay(50, TestContext.Current.CancellationToken);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        holder.Dispose();
        using var next = await Task.Run(() => gate.EnterAsync(CancellationToken.None).AsTask()).WaitAsync(Patience, TestContext.Current.CancellationToken);
    }
}
