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

/// <summary>Writes a batch of attempt results: the attempts and the deliveries' new states (these rows belong to this
/// host's leases, and each write is fenced on the lease, so once committed no sent request is sent again), the queue
/// heads, and the subscriptions' side (stats, 410/auto-disable, failure e-mail) under the rows' locks, so recorders of
/// several hosts take turns instead of overwriting each other's counters. A small batch (a trickle: a result or two)
/// is one transaction, one commit; a large one is two, the subscriptions' locks held only for the second, short one.</summary>
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

    /// <summary>Batches up to this size are recorded in one transaction (see <see cref="RecordOpenAsync"/>).</summary>
    internal const int TogetherAtMost = 16;

    public async Task RecordAsync(IReadOnlyList<SendOutcome> outcomes, CancellationToken cancellationToken)
    {
        // One connection for both steps' statements, not one per statement. No savepoint around the stats' SaveChanges
        // (two more round trips per batch under the subscriptions' row locks): a failed step rolls its whole
        // transaction back and is done again.
        var savepoints = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = false;
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await RecordOpenAsync(outcomes, cancellationToken);
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = savepoints; // a pooled context goes back as it came
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task RecordOpenAsync(IReadOnlyList<SendOutcome> outcomes, CancellationToken cancellationToken)
    {
        // A small batch (a trickle) is one transaction: one commit per batch instead of two. A large one (load) writes
        // its deliveries first and then takes the subscriptions' row locks only for the short stats step: held across
        // a few hundred inserts and updates, they would keep publishers and claims waiting on the same rows.
        var together = outcomes.Count <= TogetherAtMost;
        (Dictionary<Guid, Delivery> Finished, List<OperationalEvent> Notices) recorded;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                recorded = await RecordDeliveriesAsync(outcomes, together, cancellationToken);
                break;
            }
            catch (Exception e) when (IsRetryable(e) && attempt < MaxTries)
            {
                // Nothing was written. Another host's claim or recorder deadlocked with this one (PostgreSQL 40P01) and
                // the server chose this one, or a delivery of the batch was deleted (its subscription removed) between
                // the read and the write and its attempt's foreign key refused the batch: read and write again (without
                // the deleted one) rather than let the whole batch's leases expire and resend it.
                logger.LogDebug(e, "Recording attempts failed (try {Attempt}); retrying.", attempt);
                await BackOffAsync(attempt, cancellationToken);
            }
        }

        db.ChangeTracker.Clear();
        for (var attempt = 1; !together; attempt++)
        {
            try
            {
                recorded.Notices = await InTransactionAsync(
                    () => RecordSubscriptionsAsync(outcomes, recorded.Finished, cancellationToken), cancellationToken);
                break;
            }
            catch (Exception e) when (e is DbException or DbUpdateException && attempt < MaxTries)
            {
                // A deadlock between hosts' locks, or a lost race: start the step again on fresh rows.
                logger.LogDebug(e, "Recording subscription stats failed (try {Attempt}); retrying.", attempt);
                await BackOffAsync(attempt, cancellationToken);
            }
        }

        // After the commit, and published by the queue's own reader: the next batch's recording never waits for this
        // one's notices.
        operationalQueue.Enqueue(recorded.Notices);
    }

    private static bool IsRetryable(Exception e) =>
        e is DbException or DbUpdateException || DeliveryClaimer.IsTransient(e) || IsDeletedMeanwhile(e);

    private async Task BackOffAsync(int attempt, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt + random.NextDouble() * 50), cancellationToken);
    }

    private async Task<T> InTransactionAsync<T>(Func<Task<T>> step, CancellationToken cancellationToken)
    {
        using var turn = await writeGate.EnterAsync(db, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await step();
        await transaction.CommitAsync(cancellationToken);
        return result;
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

    /// <summary>The attempts, the deliveries' new states (each only where this claim's lease still holds) and the queue
    /// heads in one transaction; with <paramref name="together"/>, the subscriptions' side too.</summary>
    /// <returns>The deliveries' states after this batch, by id, for those this batch's leases still held; the
    /// operational notices to publish after the commit (when <paramref name="together"/>).</returns>
    private async Task<(Dictionary<Guid, Delivery> Finished, List<OperationalEvent> Notices)> RecordDeliveriesAsync(
        IReadOnlyList<SendOutcome> outcomes, bool together, CancellationToken cancellationToken)
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

        var notices = new List<OperationalEvent>();
        using (await writeGate.EnterAsync(db, cancellationToken))
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // Subscription rows are locked first, in the one order every writer keeps (see SubscriptionQueue): before
            // the deliveries' rows — taken after, they deadlocked with a subscription's deletion cascading to its
            // deliveries. Together, all of the batch's (their counters are written below); else only those whose
            // queue heads move.
            await SubscriptionQueue.LockAsync(db, together ? outcomes.Select(o => o.Work.Subscription.Id).Distinct().ToList() : due,
                cancellationToken);
            await RowWriter.InsertAsync(db, attempts, cancellationToken);
            await RowWriter.UpdateChangedAsync(db, changes, cancellationToken, fence: nameof(Delivery.LeaseOwner));
            await SubscriptionQueue.LowerHeadAsync(db, due, dueAt, cancellationToken, locked: true);
            if (together)
                notices = await RecordSubscriptionsAsync(outcomes, deliveries, cancellationToken, locked: true);
            await transaction.CommitAsync(cancellationToken);
        }

        var sent = outcomes.Count(o => o.Result.Succeeded);
        metrics.RecordAttempts(sent, outcomes.Count - sent);

        // A retry may now be due before the dispatcher's current sleep ends: let it look again.
        if (due.Count > 0)
            signal.Wake();
        return (deliveries, notices);
    }

    /// <summary>The subscriptions' side of a batch (stats, 410/auto-disable, failure e-mail), inside the caller's
    /// transaction, under the rows' locks (taken here unless <paramref name="locked"/>).</summary>
    private async Task<List<OperationalEvent>> RecordSubscriptionsAsync(IReadOnlyList<SendOutcome> outcomes,
        Dictionary<Guid, Delivery> deliveries, CancellationToken cancellationToken, bool locked = false)
    {
        var ids = outcomes.Select(o => o.Work.Subscription.Id).Distinct().ToList();
        if (!locked)
            await SubscriptionQueue.LockAsync(db, ids, cancellationToken);
        var now = clock.GetUtcNow();
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
