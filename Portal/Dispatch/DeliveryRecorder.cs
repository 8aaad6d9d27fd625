using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Domain.Catalogue;
using Portal.Domain.Deliveries;
using Portal.Domain.Dispatch;
using Portal.Domain.Subscriptions;
using Portal.Notifications;

namespace Portal.Dispatch;

/// <summary>Writes a batch of attempt results in one transaction: the attempts and the deliveries' new states (these
/// rows belong to this host's leases, and each write is fenced on the lease, so once committed no sent request is sent
/// again), the queue heads, and the subscriptions' side (stats, 410/auto-disable, failure e-mail) under the rows' locks,
/// so recorders of several hosts take turns instead of overwriting each other's counters. One commit per batch: at a
/// trickle, a batch is a result or two, and a second transaction was a second commit for each.</summary>
public sealed class DeliveryRecorder(
    PortalDbContext db,
    NotificationService notifications,
    OperationalEvents operational,
    OperationalEventQueue operationalQueue,
    DispatchSignal signal,
    IOptionsMonitor<DeliveryOptions> options,
    PortalMetrics metrics,
    SqliteWriteGate writeGate,
    IRandomSource random,
    TimeProvider clock,
    ILogger<DeliveryRecorder> logger)
{
    private const int MaxTries = 5;

    public async Task RecordAsync(IReadOnlyList<SendOutcome> outcomes, CancellationToken cancellationToken)
    {
        // One connection for both steps' statements, not one per statement.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await RecordOpenAsync(outcomes, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task RecordOpenAsync(IReadOnlyList<SendOutcome> outcomes, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var notices = await RecordBatchAsync(outcomes, cancellationToken);
                // After the commit, and published by the queue's own reader: the next batch's recording never waits
                // for this one's notices.
                operationalQueue.Enqueue(notices);
                return;
            }
            catch (Exception e) when ((e is DbException or DbUpdateException || DeliveryClaimer.IsTransient(e) || IsDeletedMeanwhile(e))
                                      && attempt < MaxTries)
            {
                // Nothing was written. Another host's claim or recorder deadlocked with this one (PostgreSQL 40P01) and
                // the server chose this one, or a delivery of the batch was deleted (its subscription removed) between
                // the read and the write and its attempt's foreign key refused the batch: read and write again (without
                // the deleted one) rather than let the whole batch's leases expire and resend it.
                logger.LogDebug(e, "Recording attempts failed (try {Attempt}); retrying.", attempt);
                db.ChangeTracker.Clear();
                await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt + random.NextDouble() * 50), cancellationToken);
            }
        }
    }

    /// <summary>A foreign key refused the write: PostgreSQL 23503, SQLite's FOREIGN KEY constraint, SQL Server 547.</summary>
    internal static bool IsDeletedMeanwhile(Exception e) => e switch
    {
        DbException { SqlState: "23503" } => true,
        Microsoft.Data.Sqlite.SqliteException { SqliteExtendedErrorCode: 787 } => true,
        Microsoft.Data.SqlClient.SqlException { Number: 547 } => true,
        DbUpdateException or InvalidOperationException => e.InnerException is { } inner && IsDeletedMeanwhile(inner),
        _ => false,
    };

    /// <summary>One transaction per batch: the attempts, the deliveries' new states (each only where this claim's lease
    /// still holds), the queue heads, and the subscriptions' side (stats, 410/auto-disable, failure e-mail).</summary>
    /// <returns>The operational notices the batch raised, to publish after the commit.</returns>
    private async Task<List<OperationalEvent>> RecordBatchAsync(IReadOnlyList<SendOutcome> outcomes,
        CancellationToken cancellationToken)
    {
        // Read before the transaction: these rows belong to this host's leases, and the write below is fenced on them.
        var ids = outcomes.Select(o => o.Work.DeliveryId).Distinct().ToList();
        var deliveries = await db.Deliveries.IgnoreQueryFilters().AsNoTracking()
            .Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);
        var changes = deliveries.Values.Select(d => (Row: d, Before: RowWriter.Snapshot(db, d))).ToList();
        var attempts = new List<Attempt>(outcomes.Count);
        var now = clock.GetUtcNow();
        var due = new HashSet<Guid>(); // subscriptions that may have something to send sooner than their queue head says
        var dueAt = DateTimeOffset.MaxValue;
        foreach (var outcome in outcomes)
        {
            if (!deliveries.TryGetValue(outcome.Work.DeliveryId, out var delivery))
                continue; // deleted meanwhile (subscription removed, retention)
            attempts.Add(ToAttempt(delivery, outcome));
            if (!delivery.IsLeasedTo(outcome.Work.LeaseOwner))
            {
                // Fencing: the lease ran out mid-send and moved on. The request was made, so the attempt is kept,
                // but the delivery now belongs to its new owner.
                deliveries.Remove(delivery.Id);
                continue;
            }

            delivery.RecordAttempt(outcome.Result, RetryPolicy.ScheduleFor(outcome.Work.Subscription), random, now);
            if (delivery.NextAttemptAt is { } next)
            {
                due.Add(delivery.SubscriptionId);
                dueAt = next < dueAt ? next : dueAt;
            }
            else if (outcome.Work.Subscription.Ordered)
            {
                // FIFO: the next delivery in line may go now.
                due.Add(delivery.SubscriptionId);
                dueAt = now < dueAt ? now : dueAt;
            }
        }

        List<OperationalEvent> notices;
        using (await writeGate.EnterAsync(db, cancellationToken))
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // Every subscription row of the batch is locked first, in the one order every writer keeps (see
            // SubscriptionQueue): before the deliveries' rows — taken after, they deadlocked with a subscription's
            // deletion cascading to its deliveries — and so another host's recorder waits here for its turn at the
            // counters instead of overwriting them.
            var subscriptionIds = outcomes.Select(o => o.Work.Subscription.Id).Distinct().ToList();
            await SubscriptionQueue.LockAsync(db, subscriptionIds, cancellationToken);
            await RowWriter.InsertAsync(db, attempts, cancellationToken);
            await RowWriter.UpdateChangedAsync(db, changes, cancellationToken, fence: nameof(Delivery.LeaseOwner));
            await SubscriptionQueue.LowerHeadAsync(db, due, dueAt, cancellationToken, locked: true);
            notices = await RecordSubscriptionsAsync(outcomes, subscriptionIds, deliveries, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var sent = outcomes.Count(o => o.Result.Succeeded);
        metrics.RecordAttempts(sent, outcomes.Count - sent);

        // A retry may now be due before the dispatcher's current sleep ends: let it look again.
        if (due.Count > 0)
            signal.Wake();
        return notices;
    }

    /// <summary>The subscriptions' side of a batch, inside its transaction and under the rows' locks.</summary>
    private async Task<List<OperationalEvent>> RecordSubscriptionsAsync(IReadOnlyList<SendOutcome> outcomes, List<Guid> ids,
        Dictionary<Guid, Delivery> deliveries, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var subscriptions = await db.Subscriptions.IgnoreQueryFilters()
            .Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var policy = options.CurrentValue.AutoDisable;
        var notices = new List<OperationalEvent>();

        foreach (var outcome in outcomes)
        {
            if (!subscriptions.TryGetValue(outcome.Work.Subscription.Id, out var subscription)
                || outcome.Result.Outcome == AttemptOutcome.Cancelled)
                continue; // a cancelled delivery called nobody
            var wasFailing = subscription.Stats.ConsecutiveFailures > 0;
            subscription.RecordAttemptResult(outcome.Result.StatusCode, outcome.Result.Succeeded, now);
            // An endpoint that only receives operational events gets none about itself: no event loops.
            var notify = !OperationalEventTypes.IsOperational(outcome.Work.Event.Type);
            if (notify && outcome.Result.Succeeded && wasFailing)
                notices.Add(OperationalEvents.Recovered(subscription, now));
            else if (notify && !outcome.Result.Succeeded)
                notices.Add(operational.Failing(subscription, Describe(outcome), now));

            if (outcome.Result.Outcome == AttemptOutcome.Gone && subscription.State != SubscriptionState.Disabled)
            {
                subscription.DisableAsGone(now);
                await notifications.QueueFailureAsync(subscription,
                    $"Disabled: {subscription.Url} answered 410 Gone.", cancellationToken);
                if (notify)
                    notices.Add(OperationalEvents.Disabled(subscription, subscription.DisabledReason, now));
            }
            else if (deliveries.GetValueOrDefault(outcome.Work.DeliveryId) is { Status: DeliveryStatus.Exhausted } delivery)
            {
                await notifications.QueueFailureAsync(subscription,
                    $"Delivery {delivery.WebhookId} ({outcome.Work.Event.Type}) gave up after {delivery.AttemptCount} attempt(s): {Describe(outcome)}.",
                    cancellationToken);
                if (notify)
                    notices.Add(OperationalEvents.Exhausted(subscription, delivery.Id, outcome.Work.Event.Type, delivery.AttemptCount, Describe(outcome)));
            }

            if (subscription.State == SubscriptionState.Active && subscription.AutoDisableIfFailing(policy, now))
            {
                await notifications.QueueFailureAsync(subscription,
                    $"Disabled after sustained failure: {subscription.DisabledReason}", cancellationToken);
                if (notify)
                    notices.Add(OperationalEvents.Disabled(subscription, subscription.DisabledReason, now));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return notices;
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
