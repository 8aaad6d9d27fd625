namespace Portal.Dispatch;

/// <summary>Wakes this host's dispatcher the moment work is published or retriggered, so an idle system sends
/// within milliseconds instead of waiting for the next poll.</summary>
public sealed class DispatchSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        // At most one pending wake-up: many publications between two rounds need only one more round.
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another thread released it between the check and the release: the round is already due.
            }
        }
    }

    /// <summary>A wake-up is waiting: the next wait returns at once.</summary>
    public bool IsPending => _signal.CurrentCount > 0;

    /// <summary>Waits until woken or the timeout passes; true when woken.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _signal.Dispose();
}
