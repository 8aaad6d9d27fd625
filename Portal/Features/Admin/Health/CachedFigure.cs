namespace Portal.Features.Admin.Health;

/// <summary>A value loaded at most once per <c>ttl</c>, however many readers ask (one load at a time).</summary>
internal sealed class CachedFigure<T>(Func<TimeSpan> ttl, TimeProvider clock) : IDisposable where T : class
{
    private sealed record Entry(T Value, DateTimeOffset At);

    private readonly SemaphoreSlim _loading = new(1, 1);
    private Entry? _entry;

    public T? Latest => Volatile.Read(ref _entry)?.Value;

    public bool IsFresh => Volatile.Read(ref _entry) is { } e && clock.GetUtcNow() - e.At < ttl();

    public async Task<T> GetAsync(Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken)
    {
        if (IsFresh)
            return Latest!;
        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (IsFresh)
                return Latest!;
            var value = await load(cancellationToken);
            Volatile.Write(ref _entry, new Entry(value, clock.GetUtcNow()));
            return value;
        }
        finally
        {
            _loading.Release();
        }
    }

    public void Dispose() => _loading.Dispose();
}
