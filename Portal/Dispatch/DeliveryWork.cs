using Portal.Domain.Deliveries;
using Portal.Domain.Dispatch;
using Portal.Domain.Subscriptions;

namespace Portal.Dispatch;

/// <summary>A claimed delivery with what sending it needs, read in one query. <see cref="LeaseOwner"/> is the claim's
/// fence: its result is written only while the delivery is still leased to it.</summary>
public sealed record DeliveryWork(
    Guid DeliveryId,
    string WebhookId,
    int AttemptNumber,
    AttemptTrigger Trigger,
    string? RequestedBy,
    WebhookEvent Event,
    Subscription Subscription,
    string LeaseOwner,
    string? TraceParent = null);

/// <summary>What one HTTP attempt produced, redacted and ready to store.</summary>
public sealed record SendOutcome(
    DeliveryWork Work,
    AttemptResult Result,
    DateTimeOffset StartedAt,
    int DurationMs,
    string RequestUrl,
    string RequestHeadersJson,
    string? RequestBody,
    string? ResponseHeadersJson,
    string? ResponseBody,
    string? ErrorMessage)
{
    /// <summary>The attempt's span, under which the recorder's "record" span goes.</summary>
    public System.Diagnostics.ActivityContext Trace { get; init; }
}
