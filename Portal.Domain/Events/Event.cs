using Portal.Domain.Catalogue;
using Portal.Domain.Common;

namespace Portal.Domain.Events;

/// <summary>Something that happened in the platform for one tenant, published once and delivered to every
/// matching subscription.</summary>
public sealed class Event : ITenantOwned
{
    public const int MaxIdempotencyKeyLength = 200;

    /// <summary>A W3C traceparent is 55 characters; room for a longer future version.</summary>
    public const int MaxTraceParentLength = 128;

    private Event() { Type = Data = ""; }

    public Event(Guid tenantId, string type, string data, DateTimeOffset now, string? idempotencyKey = null, bool deliveriesSuppressed = false)
    {
        if (!EventTypeName.IsValid(type))
            throw new DomainException($"'{type}' is not a valid event type name.");
        if (idempotencyKey is { Length: > MaxIdempotencyKeyLength })
            throw new DomainException($"Idempotency key must be at most {MaxIdempotencyKeyLength} characters.");
        Id = Guid.CreateVersion7(now);
        TenantId = tenantId;
        Type = type;
        Data = string.IsNullOrWhiteSpace(data) ? "{}" : data;
        OccurredAt = now;
        IdempotencyKey = string.IsNullOrWhiteSpace(idempotencyKey) ? null : idempotencyKey;
        DeliveriesSuppressed = deliveriesSuppressed;
    }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public string Type { get; private set; }
    public DateTimeOffset OccurredAt { get; private set; }

    /// <summary>The event's data as JSON text, exactly as published.</summary>
    public string Data { get; private set; }
    public string? IdempotencyKey { get; private set; }

    /// <summary>A-Cube's <c>X-DisableEndpoints: true</c>: the event is kept but sent nowhere.</summary>
    public bool DeliveriesSuppressed { get; private set; }

    /// <summary>The W3C traceparent of the publication, so every delivery attempt joins the publisher's trace.</summary>
    public string? TraceParent { get; private set; }

    /// <summary>Joins the event to the trace it was published in (none, or an oversized value, joins nothing).</summary>
    public void LinkTrace(string? traceParent) =>
        TraceParent = traceParent is { Length: > 0 and <= MaxTraceParentLength } ? traceParent : null;
}
