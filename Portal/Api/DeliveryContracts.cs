using Portal.Common;
using Portal.Domain.Deliveries;

namespace Portal.Api;

public sealed record DeliveryResponse(
    Guid Id,
    Guid EventId,
    string EventType,
    Guid SubscriptionId,
    string WebhookId,
    string Status,
    int AttemptCount,
    int? LastResponseCode,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt)
{
    public static DeliveryResponse From(Delivery d, string eventType) => new(d.Id, d.EventId, eventType, d.SubscriptionId,
        d.WebhookId, ApiNames.Of(d.Status), d.AttemptCount, d.LastResponseCode, d.LastAttemptAt, d.NextAttemptAt,
        d.CreatedAt, d.CompletedAt);
}

public sealed record DeliveryPage(IReadOnlyList<DeliveryResponse> Items, string? NextCursor);

public sealed record AttemptRequestResponse(string Url, string Headers, string? Body);

public sealed record AttemptResponseResponse(int? Status, string? Headers, string? Body);

public sealed record AttemptResponse(
    int Number,
    string Trigger,
    string? TriggeredBy,
    DateTimeOffset StartedAt,
    int DurationMs,
    AttemptRequestResponse Request,
    AttemptResponseResponse Response,
    string? Error,
    string? ErrorMessage)
{
    public static AttemptResponse From(Attempt a) => new(a.Number, ApiNames.Of(a.Trigger), a.TriggeredBy, a.StartedAt,
        a.DurationMs, new AttemptRequestResponse(a.RequestUrl, a.RequestHeaders, a.RequestBody),
        new AttemptResponseResponse(a.ResponseStatus, a.ResponseHeaders, a.ResponseBody),
        a.ErrorKind == AttemptErrorKind.None ? null : ApiNames.Of(a.ErrorKind), a.ErrorMessage);
}

public sealed record DeliveryDetailResponse(DeliveryResponse Delivery, IReadOnlyList<AttemptResponse> Attempts);

public sealed record RetriggerFilterBody(Guid? SubscriptionId, string? EventType, DateTimeOffset? From, DateTimeOffset? To);

public sealed record BulkRetriggerRequest(RetriggerFilterBody? Filter);

public sealed record JobIdResponse(Guid JobId);

public sealed record JobResponse(Guid Id, string Status, int Total, int Done, string? Error, DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt);
