using Microsoft.EntityFrameworkCore;

namespace Portal.Data;

/// <summary>Lets this process's hot writers (publishing, claiming, recording) take SQLite's single write lock in
/// turn. SQLite itself answers a writer that finds the lock taken by sleeping in its busy handler (1, 2, 5, 10 ms…)
/// and trying again, so under concurrent publishing the lock often stood free while writers slept: ≈ 400 such sleeps
/// a second were counted (strace) in the ingestion benchmark. Queued on an in-process semaphore instead, the next
/// writer starts the moment the previous one commits. On other providers, and for every other writer, nothing
/// changes: the database's own locking stays the authority, this only orders the queue.</summary>
public sealed class SqliteWriteGate : IDisposable
{
    /// <summary>Past this, a writer goes ahead and lets SQLite's busy handler arbitrate, so a writer that never
    /// released the gate can slow others down but never stop them.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Waits for this process's previous writer to finish; dispose the result when the write transaction has
    /// committed or rolled back. A no-op unless <paramref name="db"/> is on SQLite.</summary>
    public async ValueTask<Turn> EnterAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
            return default;
        return await _gate.WaitAsync(MaxWait, cancellationToken) ? new Turn(_gate) : default;
    }

    public void Dispose() => _gate.Dispose();

    public readonly struct Turn(SemaphoreSlim? gate) : IDisposable
    {
        public void Dispose() => gate?.Release();
    }
}
