namespace Approvals.Persistence;

/// <summary>
/// SQLite has one writer at a time, and its driver answers a busy database by sleeping and retrying, which
/// makes a contended step wait hundreds of milliseconds. The embedded default is one process, so its steps
/// queue here instead. PostgreSQL needs no gate: its row versions and locks handle concurrent steps.
/// </summary>
public sealed class WriteGate(DatabaseSettings settings) : IDisposable
{
    private readonly SemaphoreSlim? _gate = settings.Provider == DatabaseProvider.Sqlite ? new SemaphoreSlim(1, 1) : null;

    public async ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        if (_gate is null)
        {
            return Released.Instance;
        }

        await _gate.WaitAsync(cancellationToken);
        return new Releaser(_gate);
    }

    public void Dispose() => _gate?.Dispose();

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
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
