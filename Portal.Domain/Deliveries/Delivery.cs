using System.Linq.Expressions;
using Portal.Domain.Common;
using Portal.Domain.Dispatch;

namespace Portal.Domain.Deliveries;

/// <summary>One event on its way to one subscription. The Deliveries table is the dispatcher's queue.</summary>
public sealed class Delivery : ITenantOwned
{
    private Delivery() { WebhookId = ""; }

    public Delivery(Guid tenantId, Guid eventId, Guid subscriptionId, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        TenantId = tenantId;
        EventId = eventId;
        SubscriptionId = subscriptionId;
        WebhookId = $"msg_{Id:N}";
        Status = DeliveryStatus.Pending;
        CreatedAt = now;
        NextAttemptAt = now;
    }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid EventId { get; private set; }
    public Guid SubscriptionId { get; private set; }

    /// <summary>Stable across retries and retriggers: the receiver's idempotency key (webhook-id, X-JobId).</summary>
    public string WebhookId { get; private set; }
    public DeliveryStatus Status { get; private set; }

    /// <summary>Attempts made so far; the next attempt's number (X-JobAttempt) equals it.</summary>
    public int AttemptCount { get; private set; }
    public DateTimeOffset? NextAttemptAt { get; private set; }
    public string? LeaseOwner { get; private set; }
    public DateTimeOffset? LeaseUntil { get; private set; }
    public int? LastResponseCode { get; private set; }
    public DateTimeOffset? LastAttemptAt { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>Set by <see cref="Retrigger"/>: the next attempt is manual (Attempt.Trigger) and requested by
    /// <see cref="NextAttemptRequestedBy"/>. Cleared when an attempt is recorded.</summary>
    public bool NextAttemptManual { get; private set; }
    public string? NextAttemptRequestedBy { get; private set; }

    public bool IsFinished => Status is DeliveryStatus.Succeeded or DeliveryStatus.Exhausted or DeliveryStatus.Cancelled
        or DeliveryStatus.Skipped;

    public AttemptTrigger NextAttemptTrigger => NextAttemptManual ? AttemptTrigger.Manual : AttemptTrigger.Automatic;

    /// <summary>A delivery recorded for a disabled subscription: kept (a recover can send it later), never sent.</summary>
    public static Delivery Skipped(Guid tenantId, Guid eventId, Guid subscriptionId, DateTimeOffset now) =>
        new(tenantId, eventId, subscriptionId, now)
        {
            Status = DeliveryStatus.Skipped,
            NextAttemptAt = null,
            CompletedAt = now,
        };

    /// <summary>Waiting to be sent and its time has come. A claim moves <see cref="NextAttemptAt"/> to the lease's end,
    /// so a leased delivery is not due until its lease expires (a crashed host's work comes due by itself), and an
    /// unfinished delivery is exactly one with a <see cref="NextAttemptAt"/>. The rule's one statement: the engine's
    /// queries use this expression (translated to SQL), <see cref="IsDue"/> runs it in memory.</summary>
    public static readonly Expression<Func<Delivery, DateTimeOffset, bool>> DueRule = (d, now) =>
        (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Retrying) && d.NextAttemptAt <= now;

    private static readonly Func<Delivery, DateTimeOffset, bool> Due = DueRule.Compile();

    public bool IsDue(DateTimeOffset now) => Due(this, now);

    /// <summary>Whether a result of the claim <paramref name="owner"/> may still be written here (fencing): once the
    /// lease has moved on to another claim, a late result is kept as an attempt only.</summary>
    public bool IsLeasedTo(string owner) => LeaseOwner == owner;

    /// <summary>Records attempt number <see cref="AttemptCount"/> and moves on: success → Succeeded; a retryable
    /// failure → Retrying at now + <paramref name="nextDelay"/>, or Exhausted when there is no delay; 410 Gone or an
    /// SSRF block → Exhausted at once. The lease is released. Late results cannot undo an end the delivery already
    /// reached on its own: a Succeeded delivery stays Succeeded, a Cancelled one stays Cancelled.</summary>
    public void RecordAttempt(AttemptResult result, TimeSpan? nextDelay, DateTimeOffset now)
    {
        AttemptCount++;
        LastAttemptAt = now;
        LastResponseCode = result.StatusCode;
        LeaseOwner = null;
        LeaseUntil = null;
        NextAttemptManual = false;
        NextAttemptRequestedBy = null;
        if (Status is DeliveryStatus.Cancelled || (Status is DeliveryStatus.Succeeded && !result.Succeeded))
            return;
        if (result.Outcome == AttemptOutcome.Cancelled)
        {
            Cancel(now);
            return;
        }
        if (result.Outcome == AttemptOutcome.Retry && nextDelay is { } delay)
        {
            Status = DeliveryStatus.Retrying;
            NextAttemptAt = now + delay;
            CompletedAt = null;
            return;
        }
        Status = result.Succeeded ? DeliveryStatus.Succeeded : DeliveryStatus.Exhausted;
        NextAttemptAt = null;
        CompletedAt = now;
    }

    /// <summary>Records the attempt and takes the wait from <paramref name="schedule"/> (for attempt number
    /// <see cref="AttemptCount"/>, before it is counted). A manual attempt beyond the schedule is not retried.</summary>
    public void RecordAttempt(AttemptResult result, RetrySchedule schedule, IRandomSource random, DateTimeOffset now) =>
        RecordAttempt(result, schedule.NextDelay(AttemptCount, result, random), now);

    /// <summary>A new attempt, due now, whatever the status (a Succeeded, Exhausted or Skipped delivery is sent again
    /// with the same webhook-id and the next X-JobAttempt). One in flight is not sent twice: it comes due when its
    /// lease ends.</summary>
    public void Retrigger(string byUser, DateTimeOffset now)
    {
        NextAttemptRequestedBy = Guard.NotBlank(byUser, "User", 256);
        NextAttemptManual = true;
        Status = AttemptCount == 0 ? DeliveryStatus.Pending : DeliveryStatus.Retrying;
        NextAttemptAt = LeaseUntil > now ? LeaseUntil : now;
        CompletedAt = null;
    }

    public void Cancel(DateTimeOffset now)
    {
        Status = DeliveryStatus.Cancelled;
        NextAttemptAt = null;
        CompletedAt = now;
    }
}
