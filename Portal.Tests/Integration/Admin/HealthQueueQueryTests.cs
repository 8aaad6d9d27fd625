using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Deliveries;
using Portal.Features.Admin.Health;
using Portal.Tests.Infrastructure;
using Portal.Tests.Integration.Dispatch;

namespace Portal.Tests.Integration.Admin;

/// <summary>The health page's queue figures (due, scheduled, oldest due, live leases per host), read subscription by
/// subscription through the queue index on every provider. Own host: the figures are global.</summary>
public abstract class HealthQueueQueryTests(DatabaseProvider provider) : IAsyncLifetime
{
    private PortalAppFactory _host = null!;

    public async Task InitializeAsync()
    {
        _host = await PortalAppFactory.CreateAsync(provider);
        _host.StartServer();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Counts_waiting_deliveries_of_sendable_subscriptions_and_the_leases_in_flight()
    {
        var tenant = await _host.RegisterAsync("Queue");
        await using var failing = await WebhookReceiver.StartAsync(_ => new ReceiverResponse(500));
        await using var slow = await WebhookReceiver.StartAsync(_ => new ReceiverResponse(Delay: TimeSpan.FromSeconds(12)));
        await _host.AddSubscriptionAsync(tenant.Id, failing.Url("/retrying"), (s, _) => s.RetryAfterSeconds("600"));
        var paused = await _host.AddSubscriptionAsync(tenant.Id, failing.Url("/paused"), (s, _) => s.RetryAfterSeconds("600"));
        await _host.AddSubscriptionAsync(tenant.Id, slow.Url(), (s, _) => s.RetryAfterSeconds("600"));

        for (var i = 0; i < 3; i++)
            await _host.PublishAsync(tenant.Id);
        await failing.WaitForAsync(6);
        await slow.WaitForAsync(3);
        await using (var scope = _host.CreateScope())
        {
            var db = scope.Get<PortalDbContext>();
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (await db.Deliveries.IgnoreQueryFilters().CountAsync(d => d.Status == DeliveryStatus.Retrying) < 6
                   && DateTime.UtcNow < deadline)
                await Task.Delay(50);
            var subscription = await db.Subscriptions.IgnoreQueryFilters().FirstAsync(s => s.Id == paused.Id);
            subscription.Pause(DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }

        // Now: the paused subscription's queue is not due work; the retries wait 10 minutes; the slow endpoint's three
        // deliveries are leased (their next attempt is the lease's end), all to this host.
        var now = DateTimeOffset.UtcNow;
        var queue = await QueueAsync(now);
        Assert.Equal((0, 6), (queue.DueNow, queue.ScheduledLater));
        Assert.Null(queue.OldestDueAge);
        var host = Assert.Single(queue.Leases);
        Assert.Equal(3, host.Leases);
        Assert.InRange(host.LatestUntil, now, now.AddMinutes(3));

        // An hour on: the retries and the (expired) leases are due, the oldest for about 50 minutes; no live lease.
        var later = await QueueAsync(now.AddHours(1));
        Assert.Equal((6, 0), (later.DueNow, later.ScheduledLater));
        Assert.InRange(later.OldestDueAge!.Value, TimeSpan.FromMinutes(49), TimeSpan.FromMinutes(59));
        Assert.Empty(later.Leases);
    }

    private async Task<QueueFigures> QueueAsync(DateTimeOffset now)
    {
        await using var scope = _host.CreateScope();
        return await scope.Get<SystemHealthQuery>().QueueAsync(now, CancellationToken.None);
    }
}

public sealed class SqliteHealthQueueQueryTests() : HealthQueueQueryTests(DatabaseProvider.Sqlite);

public sealed class PostgresHealthQueueQueryTests() : HealthQueueQueryTests(DatabaseProvider.Postgres);
