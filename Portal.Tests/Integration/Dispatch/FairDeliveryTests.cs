using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Dispatch;
using Portal.Domain.Deliveries;
using Portal.Domain.Subscriptions;
using Portal.Features.Subscriptions.Lifecycle;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Dispatch;

/// <summary>Fair delivery on the real host with real receivers: one endpoint never holds up another; pause waits,
/// disable skips, recover resends; FIFO under retries; per-subscription in-flight limit; lease fencing; and the
/// publish/claim race never orphans a delivery.</summary>
public abstract class FairDeliveryTests(PortalAppFactory host)
{
    [Fact]
    public async Task A_slow_endpoints_backlog_does_not_delay_another_endpoints_delivery()
    {
        var tenant = await host.RegisterAsync("Noisy");
        await using var slow = await WebhookReceiver.StartAsync(_ => new ReceiverResponse(Delay: TimeSpan.FromSeconds(3)));
        await using var fast = await WebhookReceiver.StartAsync();
        await host.AddSubscriptionAsync(tenant.Id, slow.Url(), (s, _) => s.NoRetries(), "invoice.status");
        await host.AddSubscriptionAsync(tenant.Id, fast.Url(), null, "employee.created");
        for (var i = 0; i < 300; i++)
            await host.PublishAsync(tenant.Id, "invoice.status");
        await slow.WaitForAsync(Subscription.DefaultMaxInFlight); // the slow endpoint is at its limit, with a backlog

        var slowBefore = slow.Received.Count;
        var published = Stopwatch.StartNew();
        await host.PublishAsync(tenant.Id, "employee.created", """{"employeeId":"E-1"}""");
        await fast.WaitForAsync(1, TimeSpan.FromSeconds(10));

        Assert.True(published.Elapsed < TimeSpan.FromSeconds(1.5),
            $"The other endpoint waited {published.Elapsed.TotalMilliseconds:0} ms behind the slow one's backlog.");
        // Its calls take 3 s: in the (at most 1.5 s) window it can start at most two waves of its in-flight limit. (Counted
        // from the window's start: publishing the backlog itself may take seconds on a busy machine.)
        var slowDuring = slow.Received.Count - slowBefore;
        Assert.True(slowDuring <= 2 * Subscription.DefaultMaxInFlight,
            $"The slow endpoint got {slowDuring} requests while the other waited: more than its in-flight limit allows.");
    }

    [Fact]
    public async Task The_in_flight_limit_of_a_subscription_holds()
    {
        var tenant = await host.RegisterAsync("Limit");
        var gate = new Lock();
        var current = 0;
        var peak = 0;
        await using var receiver = await WebhookReceiver.StartAsync(request =>
        {
            // In flight from the request's arrival until just before its answer (300 ms later).
            lock (gate)
                peak = Math.Max(peak, ++current);
            _ = Task.Delay(280).ContinueWith(done => { lock (gate) current--; }, TaskScheduler.Default);
            return new ReceiverResponse(Delay: TimeSpan.FromMilliseconds(300));
        });
        await host.AddSubscriptionAsync(tenant.Id, receiver.Url(), (s, _) => s.ConfigureFlow(3, null, false));

        for (var i = 0; i < 15; i++)
            await host.PublishAsync(tenant.Id);
        await Until(() => receiver.Received.Count >= 15, TimeSpan.FromSeconds(20), () => $"received {receiver.Received.Count}");

        lock (gate)
            Assert.InRange(peak, 2, 3);
    }

    [Fact]
    public async Task Pause_keeps_new_deliveries_and_resume_sends_them()
    {
        var tenant = await host.RegisterAsync("Pause");
        await using var receiver = await WebhookReceiver.StartAsync();
        var subscription = await host.AddSubscriptionAsync(tenant.Id, receiver.Url());
        await using (var scope = await host.CreateScopeSignedInAsync(tenant.Owner))
            Assert.True((await scope.Get<SubscriptionLifecycle>().PauseAsync(subscription.Id)).Succeeded);

        var events = new List<Guid>();
        for (var i = 0; i < 3; i++)
            events.Add((await host.PublishAsync(tenant.Id)).EventId);
        await Task.Delay(800);
        Assert.Empty(receiver.Received);
        foreach (var id in events)
            Assert.Equal(DeliveryStatus.Pending, (await host.WaitForDeliveryAsync(id, _ => true)).Status);

        await using (var scope = await host.CreateScopeSignedInAsync(tenant.Owner))
            Assert.True((await scope.Get<SubscriptionLifecycle>().ResumeAsync(subscription.Id)).Succeeded);

        await receiver.WaitForAsync(3);
        foreach (var id in events)
            await host.WaitForDeliveryAsync(id, d => d.Status == DeliveryStatus.Succeeded);
    }

    [Fact]
    public async Task A_disabled_subscription_skips_new_events_and_recover_sends_them()
    {
        var tenant = await host.RegisterAsync("Disabled");
        await using var receiver = await WebhookReceiver.StartAsync();
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var subscription = await host.AddSubscriptionAsync(tenant.Id, receiver.Url(),
            (s, _) => s.Disable("Disabled by an admin.", DateTimeOffset.UtcNow));

        var events = new List<Guid>();
        for (var i = 0; i < 2; i++)
            events.Add((await host.PublishAsync(tenant.Id)).EventId);
        foreach (var id in events)
            Assert.Equal(DeliveryStatus.Skipped, (await host.WaitForDeliveryAsync(id, _ => true)).Status);
        await Task.Delay(500);
        Assert.Empty(receiver.Received);

        await using (var scope = await host.CreateScopeSignedInAsync(tenant.Owner))
            Assert.True((await scope.Get<RecoverSubscription>().ExecuteAsync(subscription.Id, since)).Succeeded);

        await receiver.WaitForAsync(2);
        foreach (var id in events)
            await host.WaitForDeliveryAsync(id, d => d.Status == DeliveryStatus.Succeeded);
        Assert.Equal(SubscriptionState.Active, (await host.ReloadAsync(subscription.Id)).State);
    }

    [Fact]
    public async Task An_ordered_subscription_keeps_fifo_order_through_retries()
    {
        var tenant = await host.RegisterAsync("Fifo");
        // The first delivery fails twice before it succeeds; the others must wait for it.
        await using var receiver = await WebhookReceiver.StartAsync(r =>
            new ReceiverResponse(r.Body.Contains("\"INV-0\"", StringComparison.Ordinal) && r.Index < 2 ? 500 : 200));
        var subscription = await host.AddSubscriptionAsync(tenant.Id, receiver.Url(), (s, _) =>
        {
            s.RetryAfterSeconds("1,1,1");
            s.ConfigureFlow(8, null, ordered: true);
        });

        for (var i = 0; i < 4; i++)
            await host.PublishAsync(tenant.Id, data: $$"""{"invoiceId":"INV-{{i}}"}""");
        IReadOnlyList<ReceivedRequest> received;
        try
        {
            received = await receiver.WaitForAsync(6, TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} {await DescribeQueueAsync(subscription.Id)}", e);
        }

        Assert.Equal(["INV-0", "INV-0", "INV-0", "INV-1", "INV-2", "INV-3"], received.Take(6).Select(InvoiceOf));
    }

    [Fact]
    public async Task A_late_result_after_the_lease_moved_on_is_kept_as_an_attempt_only()
    {
        var tenant = await host.RegisterAsync("Fence");
        // The first send hangs and then fails; by then its lease has been taken over and the second send succeeded.
        await using var receiver = await WebhookReceiver.StartAsync(r => r.Index == 0
            ? new ReceiverResponse(500, Delay: TimeSpan.FromSeconds(3))
            : new ReceiverResponse());
        var subscription = await host.AddSubscriptionAsync(tenant.Id, receiver.Url(), (s, _) => s.RetryAfterSeconds("1"));
        var published = await host.PublishAsync(tenant.Id);
        await receiver.WaitForAsync(1);

        // Force the lease to expire mid-send: the delivery is due again and its queue head says so.
        await using (var scope = host.CreateScope())
        {
            var db = scope.Get<PortalDbContext>();
            var past = DateTimeOffset.UtcNow.AddSeconds(-1);
            await db.Deliveries.IgnoreQueryFilters().Where(d => d.EventId == published.EventId)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseUntil, past).SetProperty(d => d.NextAttemptAt, past));
            await SubscriptionQueue.LowerHeadAsync(db, [subscription.Id], past, CancellationToken.None);
            scope.Get<DispatchSignal>().Wake();
        }

        var delivery = await host.WaitForDeliveryAsync(published.EventId, d => d.Status == DeliveryStatus.Succeeded);
        Assert.Equal(2, (await receiver.WaitForAsync(2)).Count);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while ((await host.AttemptsAsync(delivery.Id)).Count < 2 && DateTime.UtcNow < deadline)
            await Task.Delay(50);

        var attempts = await host.AttemptsAsync(delivery.Id);
        Assert.Equal(2, attempts.Count);
        Assert.Contains(attempts, a => a.ResponseStatus == 500); // the late answer is on record…
        var after = await host.WaitForDeliveryAsync(published.EventId, _ => true);
        Assert.Equal(DeliveryStatus.Succeeded, after.Status); // …but did not overwrite the new owner's result
        Assert.Equal(1, after.AttemptCount);
        Assert.Equal(200, after.LastResponseCode);
    }

    /// <summary>The queue's state for a failure message: the head, and each unfinished or recent delivery.</summary>
    private async Task<string> DescribeQueueAsync(Guid subscriptionId)
    {
        await using var scope = host.CreateScope();
        var db = scope.Get<PortalDbContext>();
        var head = await db.Subscriptions.IgnoreQueryFilters().Where(s => s.Id == subscriptionId)
            .Select(s => new { s.State, s.NextDueAt }).SingleAsync();
        var deliveries = await db.Deliveries.IgnoreQueryFilters().Where(d => d.SubscriptionId == subscriptionId)
            .OrderBy(d => d.CreatedAt).ThenBy(d => d.Id)
            .Select(d => $"{d.Status} attempts={d.AttemptCount} next={d.NextAttemptAt:HH:mm:ss.fff} lease={d.LeaseOwner}")
            .ToListAsync();
        var dispatcher = scope.Get<DeliveryDispatcher>();
        return $"Now {DateTimeOffset.UtcNow:HH:mm:ss.fff}; subscription {head.State}, head {head.NextDueAt:HH:mm:ss.fff}, " +
               $"dispatcher last looped {dispatcher.LastLoopAt:HH:mm:ss.fff}; " +
               $"deliveries: {string.Join(" | ", deliveries)}.";
    }

    private static string InvoiceOf(ReceivedRequest request) =>
        System.Text.Json.JsonDocument.Parse(request.Body).RootElement.GetProperty("data").GetProperty("invoiceId").GetString()!;

    internal static async Task Until(Func<bool> done, TimeSpan timeout, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out: {describe()}.");
            await Task.Delay(50);
        }
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteFairDeliveryTests(SqliteHost host) : FairDeliveryTests(host.Factory);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresFairDeliveryTests(PostgresHost host) : FairDeliveryTests(host.Factory);
