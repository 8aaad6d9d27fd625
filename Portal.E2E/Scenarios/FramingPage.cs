using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Portal.E2E.Scenarios;

/// <summary>The platform's own page on another 127.0.0.1 port (another origin, the same site), showing a portal link
/// in an iframe, as a platform embeds the portal in its UI.</summary>
internal sealed class FramingPage : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private string _frameUrl = "about:blank";

    public FramingPage()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Origin = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Origin + "/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Origin { get; }

    /// <summary>The page's address; it frames <paramref name="frameUrl"/>.</summary>
    public string Show(Uri frameUrl)
    {
        _frameUrl = frameUrl.ToString();
        return Origin + "/app";
    }

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
            var html = $"""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Platform app</title>
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <style>
                  body {"{"} margin: 0; font-family: sans-serif; background: #f1f5f9; {"}"}
                  header {"{"} background: #0f172a; color: #fff; padding: 14px 24px; font-weight: 700; {"}"}
                  main {"{"} padding: 16px 24px; {"}"}
                  iframe {"{"} width: 100%; height: 720px; border: 1px solid #cbd5e1; border-radius: 8px; background: #fff; {"}"}
                </style></head>
                <body><header>Platform app — Webhooks</header>
                <main><iframe title="Webhooks portal" src="{WebUtility.HtmlEncode(_frameUrl)}"></iframe></main></body></html>
                """;
            var bytes = Encoding.UTF8.GetBytes(html);
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.OutputStream.WriteAsync(bytes);
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
