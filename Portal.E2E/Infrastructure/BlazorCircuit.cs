using System.Diagnostics;

namespace Portal.E2E.Infrastructure;

/// <summary>Knows when an interactive page can take clicks: a click before the circuit's <c>_blazor</c> websocket is
/// connected is lost, because the prerendered HTML has no event handlers yet.</summary>
public sealed class BlazorCircuit
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(20);

    private readonly IPage _page;
    private int _openSockets;

    public BlazorCircuit(IPage page)
    {
        _page = page;
        page.WebSocket += (_, socket) =>
        {
            if (!socket.Url.Contains("/_blazor", StringComparison.Ordinal))
                return;
            Interlocked.Increment(ref _openSockets);
            socket.Close += (_, _) => Interlocked.Decrement(ref _openSockets);
        };
    }

    public async Task WaitUntilInteractiveAsync()
    {
        await _page.WaitForFunctionAsync(
            "() => typeof window.Blazor !== 'undefined' && document.querySelector('.mud-main-content') !== null",
            null, new PageWaitForFunctionOptions { Timeout = (float)ConnectTimeout.TotalMilliseconds });

        var waited = Stopwatch.StartNew();
        while (Volatile.Read(ref _openSockets) == 0)
        {
            if (waited.Elapsed > ConnectTimeout)
                throw new TimeoutException(
                    $"No Blazor circuit (websocket /_blazor) connected within {ConnectTimeout.TotalSeconds:0} s on {_page.Url}.");
            await Task.Delay(100);
        }

        // The circuit starts and renders over the socket; let that settle before acting.
        await _page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }
}
