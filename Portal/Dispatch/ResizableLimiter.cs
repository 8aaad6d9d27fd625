namespace Portal.Dispatch;

/// <summary>A semaphore whose limit can change while slots are held, so an admin's new concurrency limit applies
/// without a restart: raising it frees the extra slots at once; lowering it takes back free slots now and the rest
/// as holders release them.</summary>
public sealed class ResizableLimiter(int limit) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(limit);
    private readonly Lock _gate = new();
    private int _limit = limit;
    private int _owed; // slots to swallow on release after the limit was lowered

    public int Limit => Volatile.Read(ref _limit);

    public Task WaitAsync(CancellationToken cancellationToken = default) => _slots.WaitAsync(cancellationToken);

    public bool TryWait() => _slots.Wait(0, CancellationToken.None);

    /// <summary>Waits for a slot at most <paramref name="timeout"/>; true when one was taken.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _slots.WaitAsync(timeout, cancellationToken);

    public void Release(int count = 1)
    {
        if (Volatile.Read(ref _owed) > 0)
        {
            lock (_gate)
            {
                var kept = Math.Min(_owed, count);
                _owed -= kept;
                count -= kept;
            }
        }

        if (count > 0)
            _slots.Release(count);
    }

    /// <summary>Cheap when unchanged (one read), so callers can pass the current setting on every use.</summary>
    public void Resize(int limit)
    {
        if (limit == Volatile.Read(ref _limit))
            return;
        lock (_gate)
        {
            var delta = limit - _limit;
            _limit = limit;
            if (delta < 0)
            {
                var owed = -delta;
                while (owed > 0 && _slots.Wait(0, CancellationToken.None))
                    owed--;
                _owed += owed;
                return;
            }

            var forgiven = Math.Min(_owed, delta);
            _owed -= forgiven;
            if (delta > forgiven)
                _slots.Release(delta - forgiven);
        }
    }

    public void Dispose() => _slots.Dispose();
}
