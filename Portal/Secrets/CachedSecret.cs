namespace Portal.Secrets;

/// <summary>A platform secret in its in-memory form, loaded (or created) once per host and kept: the first caller loads
/// it, concurrent callers wait for that load; a load that failed is tried again by the next caller.</summary>
public sealed class CachedSecret<T>(Func<CancellationToken, Task<T>> load) : IDisposable where T : class
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private T? _value;

    public async Task<T> GetAsync(CancellationToken cancellationToken)
    {
        if (_value is { } cached)
            return cached;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _value ??= await load(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
