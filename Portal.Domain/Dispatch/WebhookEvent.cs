using Portal.Domain.Events;

namespace Portal.Domain.Dispatch;

/// <summary>What the wire format needs of an event.</summary>
public sealed record WebhookEvent(Guid Id, string Type, DateTimeOffset OccurredAt, Guid TenantId, string Data)
{
    public static WebhookEvent From(Event e) => new(e.Id, e.Type, e.OccurredAt, e.TenantId, e.Data);
}
