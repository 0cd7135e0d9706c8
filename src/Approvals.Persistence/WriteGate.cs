namespace Approvals.Persistence;

/// <summary>
/// SQLite has one writer at a time, and its driver answers a busy database by sleeping and retrying, which
/// makes a contended step wait hundreds of milliseconds. The embedded default is one process, so its steps
/// queue here instead. PostgreSQL needs no gate: its row versions and locks handle concurrent steps.
/// The gate is re-entrant along one async flow, so a request that holds it for its whole transaction (an
/// idempotent command) can run steps that enter it again.
/// It is deliberately not disposable: disposing a SemaphoreSlim drops its queued waiters without completing them,
/// so a consumer queued here while the host shut down waited forever, and with it the bus's stop (the test-suite
/// hang of issue 7). Without a wait handle the semaphore holds nothing to release.
/// </summary>
public sealed class WriteGate(DatabaseSettings settings)
{
    private readonly SemaphoreSlim? _gate = settings.Provider == DatabaseProvider.Sqlite ? new SemaphoreSlim(1, 1) : null;
    private readonly AsyncLocal<Turn?> _turn = new();

    // Not async itself: the AsyncLocal is set in the caller's flow, which an async method could not do.
    public ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        if (_gate is null || _turn.Value is { Held: true })
        {
            return ValueTask.FromResult<IDisposable>(Released.Instance);
        }

        var turn = new Turn(_gate);
        _turn.Value = turn;
        return turn.TakeAsync(cancellationToken);
    }

    private sealed class Turn(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public bool Held { get; private set; }

        public async ValueTask<IDisposable> TakeAsync(CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken);
            Held = true;
            return this;
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Held = false;
                gate.Release();
            }
        }
    }

    private sealed class Released : IDisposable
    {
        public static readonly Released Instance = new();

        public void Dispose()
        {
        }
    }
}
