using Microsoft.EntityFrameworkCore;
using Portal.Common;
using Portal.Data;
using Portal.Dispatch;
using Portal.Domain.Deliveries;
using Portal.Domain.Dispatch;
using Portal.Domain.Subscriptions;

namespace Portal.Features.Subscriptions.Endpoint;

public sealed record PingResult(bool Succeeded, int? StatusCode, int DurationMs, string? ResponseSnippet, string? Error);

/// <summary>Akuiteo's Test button: sends a ping to the endpoint now, exactly as a delivery would be sent (auth,
/// headers, signature, SSRF guard, timeout), and reports what came back. Nothing is stored.</summary>
public sealed class TestEndpoint(PortalDbContext db, DeliverySender sender, TimeProvider clock)
{
    public const string PingEventType = "portal.ping";
    private const int SnippetLength = 500;

    public async Task<Result<PingResult>> ExecuteAsync(Guid subscriptionId, CancellationToken cancellationToken = default)
    {
        var subscription = await db.Subscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == subscriptionId, cancellationToken);
        return subscription is null ? Error.NotFound("Subscription not found.") : await PingAsync(subscription, cancellationToken);
    }

    /// <summary>For a subscription not saved yet (the form's Test button); its secrets must already be protected.</summary>
    public async Task<PingResult> PingAsync(Subscription subscription, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var ping = new WebhookEvent(Guid.CreateVersion7(now), PingEventType, now, subscription.TenantId,
            """{"message":"Test request from Portal. You can ignore it."}""");
        var work = new DeliveryWork(Guid.Empty, $"msg_test_{Guid.NewGuid():N}", 0, AttemptTrigger.Manual, null, ping, subscription, "test");
        var outcome = await sender.SendAsync(work, cancellationToken);
        var snippet = outcome.ResponseBody is { Length: > SnippetLength } body ? body[..SnippetLength] + "…" : outcome.ResponseBody;
        var error = outcome.Result.StatusCode is null
            ? $"{Describe(outcome.Result.ErrorKind)}{(outcome.ErrorMessage is { } m ? $": {m}" : "")}"
            : null;
        return new PingResult(outcome.Result.Succeeded, outcome.Result.StatusCode, outcome.DurationMs, snippet, error);
    }

    private static string Describe(AttemptErrorKind kind) => kind switch
    {
        AttemptErrorKind.Timeout => "No response within the timeout",
        AttemptErrorKind.Dns => "The host name could not be resolved",
        AttemptErrorKind.ConnectionRefused => "The connection was refused",
        AttemptErrorKind.Tls => "The TLS handshake failed",
        AttemptErrorKind.SsrfBlocked => "This address is not allowed (private or internal network)",
        AttemptErrorKind.Configuration => "The request could not be built",
        _ => "The request failed",
    };
}
