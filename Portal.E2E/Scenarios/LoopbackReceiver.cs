using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Portal.E2E.Scenarios;

/// <summary>A tiny webhook receiver on 127.0.0.1 (a free port) that answers 200 and keeps what it received.</summary>
internal sealed class LoopbackReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public LoopbackReceiver()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/hooks/";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    /// <summary>What the receiver answers; a test makes the endpoint fail by setting 500.</summary>
    public int StatusCode { get; set; } = 200;

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.AllKeys.OfType<string>()
                .ToDictionary(k => k, k => context.Request.Headers[k] ?? "", StringComparer.OrdinalIgnoreCase);
            Received.Enqueue(new ReceivedRequest(headers, body));
            context.Response.StatusCode = StatusCode;
            await context.Response.OutputStream.WriteAsync("ok"u8.ToArray());
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}

internal sealed record ReceivedRequest(IReadOnlyDictionary<string, string> Headers, string Body);
