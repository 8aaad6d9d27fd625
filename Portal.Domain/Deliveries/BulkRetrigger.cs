using Portal.Domain.Common;

namespace Portal.Domain.Deliveries;

public enum BulkRetriggerStatus
{
    Queued,
    Running,
    Completed,
    Failed,
}

/// <summary>"Retrigger every failed or exhausted delivery matching a filter", run in the background with progress
/// a user can watch.</summary>
public sealed class BulkRetrigger : ITenantOwned
{
    private BulkRetrigger() { RequestedBy = ""; }

    public BulkRetrigger(Guid tenantId, string requestedBy, Guid? subscriptionId, string? eventType,
        DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset now)
    {
        if (from is not null && to is not null && from > to)
            throw new DomainException("The time range ends before it starts.");
        Id = Guid.CreateVersion7(now);
        TenantId = tenantId;
        RequestedBy = Guard.NotBlank(requestedBy, "User", 256);
        SubscriptionId = subscriptionId;
        EventType = string.IsNullOrWhiteSpace(eventType) ? null : eventType.Trim();
        From = from;
        To = to;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public string RequestedBy { get; private set; }
    public Guid? SubscriptionId { get; private set; }
    public string? EventType { get; private set; }
    public DateTimeOffset? From { get; private set; }
    public DateTimeOffset? To { get; private set; }
    public BulkRetriggerStatus Status { get; private set; }
    public int Total { get; private set; }
    public int Done { get; private set; }
    public string? Error { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }

    public void Start(int total)
    {
        Status = BulkRetriggerStatus.Running;
        Total = total;
    }

    public void Progress(int done) => Done = Math.Min(Total, Done + done);

    public void Complete(DateTimeOffset now)
    {
        Status = BulkRetriggerStatus.Completed;
        Done = Total;
        CompletedAt = now;
    }

    public void Fail(string error, DateTimeOffset now)
    {
        Status = BulkRetriggerStatus.Failed;
        Error = error.Length > 1000 ? error[..1000] : error;
        CompletedAt = now;
    }
}
