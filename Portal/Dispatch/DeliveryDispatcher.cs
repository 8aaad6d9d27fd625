using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Options;
using Portal.Common;
using Portal.Data;
using Portal.Domain.Dispatch;
using Portal.Domain.Events;
using Portal.Domain.Subscriptions;

namespace Portal.Dispatch;

/// <summary>This host's dispatcher: claims fairly across subscriptions (lease), only what can be sent now (bounded per
/// host, and per subscription by its in-flight share, rate budget and order), sends it at once, and hands results to the recorder, which writes them in batches. It sleeps until
/// the next due time, a wake-up from a publication on this host, or the idle poll — whichever comes first.</summary>
public sealed class DeliveryDispatcher(
    IServiceScopeFactory scopes,
    DeliverySender sender,
    DispatchSignal signal,
    LiveHosts liveHosts,
    IOptionsMonitor<DeliveryOptions> options,
    TimeProvider clock,
    ILogger<DeliveryDispatcher> logger)
{
    private static readonly TimeSpan MinimumSleep = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan HousekeepingInterval = TimeSpan.FromSeconds(15);
    private readonly string _hostId = HostId();
    private readonly ConcurrentDictionary<Guid, EndpointBudget> _endpoints = new();
    private long _claims;
    private long _lastLoopTicks;
    private int _running;
    private DateTimeOffset _housekeptAt = DateTimeOffset.MinValue;

    /// <summary>Whether this host's dispatcher loop is running, and when it last went round (for /health).</summary>
    public bool IsRunning => Volatile.Read(ref _running) == 1;

    public DateTimeOffset? LastLoopAt =>
        Interlocked.Read(ref _lastLoopTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>Runs until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        using var slots = new ResizableLimiter(settings.MaxConcurrency);
        var results = Channel.CreateBounded<SendOutcome>(new BoundedChannelOptions(settings.MaxConcurrency * 4)
        {
            SingleReader = true,
        });
        var recorder = RecordLoopAsync(results.Reader, CancellationToken.None);
        var inFlight = new ConcurrentDictionary<Task, byte>();
        Volatile.Write(ref _running, 1);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                Interlocked.Exchange(ref _lastLoopTicks, clock.GetUtcNow().UtcTicks);
                await HousekeepAsync(cancellationToken);
                var (claimed, asked) = await ClaimAndStartAsync(slots, results.Writer, inFlight, cancellationToken);
                // A claim that filled every free slot may have left due work behind: claim again at once. One that
                // took less took all it could send now: what comes due next wakes the loop (a publication here, a
                // finished send of a saturated subscription, the next due time), and it claims no empty round.
                if (claimed == asked)
                    continue;
                await SleepUntilWorkAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: let in-flight sends finish and be recorded below.
        }
        finally
        {
            Volatile.Write(ref _running, 0);
            await Task.WhenAll(inFlight.Keys);
            results.Writer.TryComplete();
            await recorder;
        }
    }

    /// <summary>Every few seconds: count the live hosts (for the limits' per-host share), re-arm any subscription
    /// whose queue head went missing, and forget idle endpoints.</summary>
    private async Task HousekeepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now - _housekeptAt < HousekeepingInterval)
            return;
        _housekeptAt = now;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await liveHosts.RefreshAsync(db, cancellationToken);
        var writeGate = scope.ServiceProvider.GetRequiredService<SqliteWriteGate>();
        using (await writeGate.EnterAsync(db, cancellationToken))
        {
            if (await SubscriptionQueue.RepairAsync(db, now, cancellationToken) is > 0 and var repaired)
            {
                scope.ServiceProvider.GetRequiredService<PortalMetrics>().RecordRearmed(repaired);
                logger.LogWarning("Re-armed {Count} subscription queue(s) whose head was missing.", repaired);
            }
        }

        foreach (var (id, budget) in _endpoints)
        {
            if (budget.IsIdle)
                _endpoints.TryRemove(id, out _);
        }
    }

    private async Task<(int Claimed, int Asked)> ClaimAndStartAsync(ResizableLimiter slots, ChannelWriter<SendOutcome> results,
        ConcurrentDictionary<Task, byte> inFlight, CancellationToken cancellationToken)
    {
        // Claim only what there are free slots for, and per subscription only what it may send now: every claimed
        // delivery starts at once, none waits here while its lease runs out.
        var settings = options.CurrentValue;
        slots.Resize(settings.MaxConcurrency); // an admin's change applies on the next round
        await slots.WaitAsync(cancellationToken);
        var free = 1 + TakeFree(slots, settings.BatchSize - 1);
        // Under load every finished send frees one slot: claiming each alone costs a round trip per delivery. While
        // sends are in flight, gather half a batch (or until the gathering time ends) before claiming.
        var enough = Math.Max(1, Math.Min(settings.BatchSize, slots.Limit) / 2);
        var gatherUntil = clock.GetTimestamp() + (long)(settings.Gathering.TotalSeconds * clock.TimestampFrequency);
        while (free < enough && !inFlight.IsEmpty
               && clock.GetElapsedTime(clock.GetTimestamp(), gatherUntil) is { Ticks: > 0 } left
               && await slots.WaitAsync(left, cancellationToken))
            free += 1 + TakeFree(slots, settings.BatchSize - free - 1);

        IReadOnlyList<DeliveryWork> work;
        var claimStarted = clock.GetUtcNow();
        try
        {
            work = await ClaimAsync(free, inFlight.IsEmpty, cancellationToken);
        }
        catch
        {
            slots.Release(free);
            throw;
        }

        var claimed = (claimStarted, clock.GetUtcNow());
        if (work.Count < free)
            slots.Release(free - work.Count);
        foreach (var item in work)
        {
            var budget = Budget(item.Subscription.Id);
            budget.Start();
            var task = SendAsync(item, budget, slots, results, claimed);
            inFlight.TryAdd(task, 0);
            _ = task.ContinueWith(t => inFlight.TryRemove(t, out _), TaskScheduler.Default);
        }

        return (work.Count, free);
    }

    private static int TakeFree(ResizableLimiter slots, int most)
    {
        var taken = 0;
        while (taken < most && slots.TryWait())
            taken++;
        return taken;
    }

    private EndpointBudget Budget(Guid subscriptionId) => _endpoints.GetOrAdd(subscriptionId, _ => new EndpointBudget(clock));

    /// <summary>Subscriptions this host cannot send to now: the claim leaves them out.</summary>
    private List<Guid> Saturated() => _endpoints.Where(e => e.Value.IsSaturated).Select(e => e.Key).ToList();

    private async Task<IReadOnlyList<DeliveryWork>> ClaimAsync(int count, bool idle, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await db.Database.OpenConnectionAsync(cancellationToken); // one connection for the claim's statements
        try
        {
            var claimer = scope.ServiceProvider.GetRequiredService<DeliveryClaimer>();
            var owner = $"{_hostId}#{Interlocked.Increment(ref _claims)}";
            var hosts = liveHosts.Count;
            // The won deliveries are read inside the claim (on PostgreSQL, under its planner settings: the queue
            // tables grow faster than their statistics); their subscriptions, a small table, after it: the claim's
            // row locks, which publishers and the recorder wait for, are held no longer than needed.
            var rows = await claimer.ClaimAsync(owner, count, clock.GetUtcNow(), options.CurrentValue.LeaseDuration,
                Saturated(), head => Budget(head.SubscriptionId).Capacity(head, hosts),
                (won, ct) => LoadClaimedAsync(db, won, ct), cancellationToken, idle);
            return rows.Count == 0 ? [] : await ToWorkAsync(db, rows, owner, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private sealed record WorkRow(Guid Id, string WebhookId, int AttemptCount, bool NextAttemptManual,
        string? NextAttemptRequestedBy, Guid SubscriptionId, Event Event);

    /// <summary>The claimed batch's reads, compiled once per model. Two of them: a subscription's event types are an
    /// owned collection, which a join would repeat on every delivery row (with its event's payload).</summary>
    private sealed class WorkQueries
    {
        public readonly Func<PortalDbContext, List<Guid>, IAsyncEnumerable<WorkRow>> Deliveries =
            EF.CompileAsyncQuery((PortalDbContext context, List<Guid> claimed) =>
                (from d in context.Deliveries.IgnoreQueryFilters()
                 join e in context.Events.IgnoreQueryFilters() on d.EventId equals e.Id
                 where claimed.Contains(d.Id)
                 select new WorkRow(d.Id, d.WebhookId, d.AttemptCount, d.NextAttemptManual, d.NextAttemptRequestedBy,
                     d.SubscriptionId, e))
                .AsNoTracking());

        public readonly Func<PortalDbContext, List<Guid>, IAsyncEnumerable<Subscription>> Subscriptions =
            EF.CompileAsyncQuery((PortalDbContext context, List<Guid> ids) =>
                context.Subscriptions.IgnoreQueryFilters().Where(s => ids.Contains(s.Id)).AsNoTracking());
    }

    private static readonly ConditionalWeakTable<IModel, WorkQueries> WorkQueriesByModel = new();

    private static WorkQueries Queries(PortalDbContext db) => WorkQueriesByModel.GetValue(db.Model, _ => new WorkQueries());

    private static async Task<IReadOnlyList<WorkRow>> LoadClaimedAsync(PortalDbContext db, List<Guid> ids,
        CancellationToken cancellationToken)
    {
        var rows = new List<WorkRow>(ids.Count);
        await foreach (var row in Queries(db).Deliveries(db, ids).WithCancellation(cancellationToken))
            rows.Add(row);
        return rows;
    }

    private static async Task<IReadOnlyList<DeliveryWork>> ToWorkAsync(PortalDbContext db, IReadOnlyList<WorkRow> rows,
        string owner, CancellationToken cancellationToken)
    {
        var subscriptions = new Dictionary<Guid, Subscription>();
        await foreach (var subscription in Queries(db).Subscriptions(db, [.. rows.Select(r => r.SubscriptionId).Distinct()])
                           .WithCancellation(cancellationToken))
            subscriptions[subscription.Id] = subscription;
        // A subscription deleted meanwhile took its deliveries with it: nothing of it to send.
        return rows.Where(r => subscriptions.ContainsKey(r.SubscriptionId))
            .Select(r => new DeliveryWork(r.Id, r.WebhookId, r.AttemptCount,
                r.NextAttemptManual ? Domain.Deliveries.AttemptTrigger.Manual : Domain.Deliveries.AttemptTrigger.Automatic,
                r.NextAttemptRequestedBy, WebhookEvent.From(r.Event), subscriptions[r.SubscriptionId], owner, r.Event.TraceParent))
            .ToList();
    }

    private async Task SendAsync(DeliveryWork work, EndpointBudget budget, ResizableLimiter slots,
        ChannelWriter<SendOutcome> results, (DateTimeOffset From, DateTimeOffset To) claimed)
    {
        // The attempt joins the publication's trace: claim → send (the HTTP call, whose traceparent the receiver
        // gets) → record (written by the recorder loop).
        using var attempt = PortalTracing.Source.StartActivity("deliver " + work.Event.Type, ActivityKind.Internal,
            PortalTracing.Parent(work.TraceParent), startTime: claimed.From);
        attempt?.SetTag("portal.delivery_id", work.DeliveryId).SetTag("portal.subscription_id", work.Subscription.Id)
            .SetTag("portal.attempt", work.AttemptNumber).SetTag("webhook.id", work.WebhookId);
        if (attempt is not null)
            PortalTracing.Span("claim", attempt.Context, claimed.From, claimed.To);
        try
        {
            // Sends are not cancelled on shutdown: each is bounded by its endpoint timeout, and finishing it
            // avoids a duplicate after the lease expires.
            SendOutcome outcome;
            using (var send = PortalTracing.Source.StartActivity("send", ActivityKind.Client))
            {
                outcome = await sender.SendAsync(work, CancellationToken.None);
                send?.SetTag("http.response.status_code", outcome.Result.StatusCode)
                    .SetStatus(outcome.Result.Succeeded ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
            }
            await results.WriteAsync(outcome with { Trace = attempt?.Context ?? default });
        }
        catch (Exception e)
        {
            logger.LogError(e, "Sending delivery {DeliveryId} failed unexpectedly; its lease will expire and it will be retried.", work.DeliveryId);
        }
        finally
        {
            slots.Release();
            // A subscription that was at its limit (left out of the claims) can take more now.
            if (budget.Finish())
                signal.Wake();
        }
    }
    private async Task RecordLoopAsync(ChannelReader<SendOutcome> results, CancellationToken cancellationToken)
    {
        var batch = new List<SendOutcome>(256);
        while (await results.WaitToReadAsync(cancellationToken))
        {
            while (batch.Count < 256 && results.TryRead(out var outcome))
                batch.Add(outcome);
            await GatherAsync(results, batch);
            var started = clock.GetUtcNow();
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<DeliveryRecorder>().RecordAsync(batch, cancellationToken);
                foreach (var outcome in batch)
                    if (outcome.Trace != default)
                        PortalTracing.Span("record", outcome.Trace, started, clock.GetUtcNow());
            }
            catch (Exception e) when (e is DbException or DbUpdateException or InvalidOperationException or TimeoutException)
            {
                // The leases of these deliveries expire and they are sent again: at-least-once, never lost. (The
                // set-based writes raise the provider's DbException, not EF's DbUpdateException: both keep the loop.)
                logger.LogError(e, "Recording {Count} attempts failed; those deliveries will be retried.", batch.Count);
            }

            batch.Clear();
        }
    }

    /// <summary>A small batch waits up to the gathering time for more results: one transaction records them all.</summary>
    private async Task GatherAsync(ChannelReader<SendOutcome> results, List<SendOutcome> batch)
    {
        if (batch.Count >= 64 || options.CurrentValue.Gathering is not { Ticks: > 0 } gathering)
            return;
        using var timeout = new CancellationTokenSource(gathering, clock);
        try
        {
            while (batch.Count < 256 && await results.WaitToReadAsync(timeout.Token))
            {
                while (batch.Count < 256 && results.TryRead(out var outcome))
                    batch.Add(outcome);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            // Gathered what came within the time.
        }
    }

    private async Task SleepUntilWorkAsync(CancellationToken cancellationToken)
    {
        var wait = options.CurrentValue.IdlePollInterval;
        var now = clock.GetUtcNow();
        // A rate-bound subscription can take more when its budget refills; saturated ones when a send finishes (wake).
        foreach (var budget in _endpoints.Values)
        {
            if (budget.NextTokenAt is { } token && token - now < wait)
                wait = token - now;
        }

        // With a wake-up already waiting the loop goes round at once: asking the database for the next due time
        // would be a round trip per round at a trickle, for an answer not used. Every sleep that really waits asks.
        if (!signal.IsPending)
        {
            await using var scope = scopes.CreateAsyncScope();
            var next = await scope.ServiceProvider.GetRequiredService<DeliveryClaimer>()
                .NextDueAtAsync(now + wait, Saturated(), cancellationToken);
            if (next is { } due && due - clock.GetUtcNow() < wait)
                wait = due - clock.GetUtcNow();
        }

        if (wait < TimeSpan.Zero)
            wait = TimeSpan.Zero;

        // A floor keeps a claim that keeps losing races (another host wins the same rows) from spinning.
        var woken = await signal.WaitAsync(wait < MinimumSleep ? MinimumSleep : wait, cancellationToken);
        // A wake-up at a trickle is usually one publication: let the next few join its claim.
        if (woken && options.CurrentValue.Gathering is { Ticks: > 0 } gathering)
            await Task.Delay(gathering, clock, cancellationToken);
    }

    private static string HostId()
    {
        var machine = Environment.MachineName;
        return $"{(machine.Length > 40 ? machine[..40] : machine)}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
    }
}
