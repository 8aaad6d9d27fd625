using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Portal.Tests.Infrastructure;

public sealed record ReceivedRequest(
    int Index, string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At)
{
    public string Header(string name) =>
        Headers.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"No header '{name}' was received.");
}

public sealed record ReceiverResponse(int Status = 200, TimeSpan Delay = default, string? Body = null,
    IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>A real HTTP receiver on 127.0.0.1 (Kestrel, free port) that records every request and answers as told.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private readonly Func<ReceivedRequest, ReceiverResponse> _respond;
    private int _count;

    private WebhookReceiver(Func<ReceivedRequest, ReceiverResponse> respond)
    {
        _respond = respond;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    public IReadOnlyList<ReceivedRequest> Received => _received.OrderBy(r => r.Index).ToList();

    public Uri BaseAddress { get; private set; } = null!;

    public string Url(string pathAndQuery = "/hook") => new Uri(BaseAddress, pathAndQuery).ToString();

    /// <summary>Answers with <paramref name="respond"/> (call index → response); 200 when null.</summary>
    public static async Task<WebhookReceiver> StartAsync(Func<ReceivedRequest, ReceiverResponse>? respond = null)
    {
        var receiver = new WebhookReceiver(respond ?? (_ => new ReceiverResponse()));
        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseAddress = new Uri(address);
        return receiver;
    }

    /// <summary>Statuses in order, then 200 for anything after them.</summary>
    public static Task<WebhookReceiver> StartWithStatusesAsync(params int[] statuses) =>
        StartAsync(r => new ReceiverResponse(r.Index < statuses.Length ? statuses[r.Index] : 200));

    public async Task<IReadOnlyList<ReceivedRequest>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (_received.Count < count && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        var received = Received;
        return received.Count >= count
            ? received
            : throw new TimeoutException($"Expected {count} request(s), received {received.Count} within the timeout.");
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var request = new ReceivedRequest(
            Interlocked.Increment(ref _count) - 1,
            context.Request.Method,
            context.Request.Path + context.Request.QueryString,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body,
            DateTimeOffset.UtcNow);
        _received.Enqueue(request);
        var response = _respond(request);
        if (response.Delay > TimeSpan.Zero)
            await Task.Delay(response.Delay, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        if (context.RequestAborted.IsCancellationRequested)
            return;
        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
            context.Response.Headers[name] = value;
        if (response.Body is not null)
            await context.Response.WriteAsync(response.Body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
