namespace Portal.Components.Shared;

/// <summary>What live pages and dialogs share: reload every interval until the component is left.</summary>
public static class LiveRefresh
{
    /// <summary>Calls <paramref name="reload"/> every <paramref name="interval"/> until <paramref name="stop"/> is
    /// cancelled (the page or dialog was left). Start it without awaiting: it runs for the component's lifetime.</summary>
    public static async Task RunAsync(TimeSpan interval, Func<Task> reload, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
                await reload();
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Left.
        }
    }
}
