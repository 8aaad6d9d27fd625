using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Domain.Deliveries;
using Portal.Domain.Dispatch;
using Portal.Domain.Subscriptions;
using Portal.Notifications;

namespace Portal.Dispatch;

/// <summary>Writes a batch of attempt results in one transaction: attempts, delivery states, subscription stats,
/// auto-disable and failure e-mail. Retries the batch when another host changed a subscription meanwhile.</summary>
public sealed class DeliveryRecorder(
    PortalDbContext db,
    NotificationService notifications,
    DispatchSignal signal,
    IOptionsMonitor<DeliveryOptions> options,
    IRandomSource random,
    TimeProvider clock,
    ILogger<DeliveryRecorder> logger)
{
    private const int MaxConcurrencyRetries = 5;

    public async Task RecordAsync(IReadOnlyList<SendOutcome> outcomes, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ApplyAsync(outcomes, cancellationToken);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxConcurrencyRetries)
            {
                logger.LogDebug("Subscription stats changed concurrently; re-applying {Count} results.", outcomes.Count);
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task ApplyAsync(IReadOnlyList<SendOutcome> outcomes, CancellationToken cancellationToken)
    {
        var deliveryIds = outcomes.Select(o => o.Work.DeliveryId).Distinct().ToList();
        var subscriptionIds = outcomes.Select(o => o.Work.Subscription.Id).Distinct().ToList();
        var deliveries = await db.Deliveries.IgnoreQueryFilters()
            .Where(d => deliveryIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);
        var subscriptions = await db.Subscriptions.IgnoreQueryFilters()
            .Where(s => subscriptionIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var policy = options.CurrentValue.AutoDisable;

        foreach (var outcome in outcomes)
        {
            if (!deliveries.TryGetValue(outcome.Work.DeliveryId, out var delivery)
                || !subscriptions.TryGetValue(outcome.Work.Subscription.Id, out var subscription))
                continue; // deleted meanwhile (subscription removed, retention)

            var now = clock.GetUtcNow();
            db.Attempts.Add(ToAttempt(delivery, outcome));
            var schedule = RetryPolicy.ScheduleFor(subscription);
            delivery.RecordAttempt(outcome.Result, schedule, random, now);
            subscription.RecordAttemptResult(outcome.Result.StatusCode, outcome.Result.Succeeded, now);

            if (outcome.Result.Outcome == AttemptOutcome.Gone && subscription.State != SubscriptionState.Disabled)
            {
                subscription.DisableAsGone(now);
                await notifications.QueueFailureAsync(subscription,
                    $"Disabled: {subscription.Url} answered 410 Gone.", cancellationToken);
            }
            else if (delivery.Status == DeliveryStatus.Exhausted)
            {
                await notifications.QueueFailureAsync(subscription,
                    $"Delivery {delivery.WebhookId} ({outcome.Work.Event.Type}) gave up after {delivery.AttemptCount} attempt(s): {Describe(outcome)}.",
                    cancellationToken);
            }

            if (subscription.State == SubscriptionState.Active && subscription.AutoDisableIfFailing(policy, now))
                await notifications.QueueFailureAsync(subscription,
                    $"Disabled after sustained failure: {subscription.DisabledReason}", cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);

        // A retry may now be due before the dispatcher's current sleep ends: let it look again.
        if (deliveries.Values.Any(d => d.Status == DeliveryStatus.Retrying))
            signal.Wake();
    }

    private static Attempt ToAttempt(Delivery delivery, SendOutcome outcome)
    {
        var work = outcome.Work;
        var attempt = new Attempt(delivery, work.AttemptNumber, work.Trigger, work.RequestedBy, outcome.StartedAt,
            outcome.RequestUrl, outcome.RequestHeadersJson, outcome.RequestBody);
        if (outcome.Result.StatusCode is { } status)
            attempt.RecordResponse(status, outcome.ResponseHeadersJson, outcome.ResponseBody, outcome.DurationMs);
        else
            attempt.RecordError(outcome.Result.ErrorKind, outcome.ErrorMessage ?? outcome.Result.ErrorKind.ToString(),
                outcome.DurationMs);
        return attempt;
    }

    private static string Describe(SendOutcome outcome) =>
        outcome.Result.StatusCode is { } status ? $"HTTP {status}" : $"{outcome.Result.ErrorKind}: {outcome.ErrorMessage}";
}
