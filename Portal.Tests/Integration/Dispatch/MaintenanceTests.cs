using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Dispatch;
using Portal.Domain.Deliveries;
using Portal.Domain.Subscriptions;
using Portal.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Portal.Tests.Integration.Dispatch;

/// <summary>Auto-disable, retention and idle latency on a host of their own (settings differ from the shared host).</summary>
public sealed class MaintenanceTests(ITestOutputHelper output) : IAsyncLifetime
{
    private PortalAppFactory _host = null!;

    public async Task InitializeAsync()
    {
        _host = await PortalAppFactory.CreateAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>
        {
            ["Delivery:AutoDisableAfterConsecutiveFailures"] = "3",
            ["Retention:MaxAge"] = "1.00:00:00",
            // Far longer than any wait below: only a wake-up from the publication can explain a prompt send.
            ["Delivery:IdlePollInterval"] = "00:01:00",
        });
        _host.StartServer();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_subscription_failing_on_every_attempt_is_disabled_with_a_reason()
    {
        var tenant = await _host.RegisterAsync("Dead");
        await using var receiver = await WebhookReceiver.StartWithStatusesAsync(500, 500, 500, 500, 500);
        var subscription = await _host.AddSubscriptionAsync(tenant.Id, receiver.Url(), (s, _) => s.RetryAfterSeconds("1,1,1,1"));

        await _host.PublishAsync(tenant.Id);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        Subscription reloaded;
        do
        {
            await Task.Delay(100);
            reloaded = await _host.ReloadAsync(subscription.Id);
        }
        while (reloaded.State == SubscriptionState.Active && DateTime.UtcNow < deadline);

        Assert.Equal(SubscriptionState.Disabled, reloaded.State);
        Assert.False(string.IsNullOrWhiteSpace(reloaded.DisabledReason));
        Assert.Equal(3, reloaded.Stats.ConsecutiveFailures);
        await Task.Delay(1_500);
        Assert.Equal(3, receiver.Received.Count); // disabled: the remaining retry waits, nothing more is sent
    }

    [Fact]
    public async Task Retention_purges_old_finished_history_and_keeps_unfinished_work()
    {
        var tenant = await _host.RegisterAsync("Old");
        await using var receiver = await WebhookReceiver.StartAsync();
        var subscription = await _host.AddSubscriptionAsync(tenant.Id, receiver.Url());
        var finished = await _host.PublishAsync(tenant.Id);
        await _host.WaitForDeliveryAsync(finished.EventId, d => d.Status == DeliveryStatus.Succeeded);
        await _host.ReloadAsync(subscription.Id);
        var waiting = await _host.PublishAsync(tenant.Id, "invoice.inbound"); // nobody listens: event without deliveries

        await using (var scope = _host.CreateScope())
        {
            var db = scope.Get<PortalDbContext>();
            var longAgo = DateTimeOffset.UtcNow.AddDays(-3);
            // Age everything of this tenant; then add one unfinished delivery that must survive.
            await db.Events.IgnoreQueryFilters().Where(e => e.TenantId == tenant.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.OccurredAt, longAgo));
            await db.Deliveries.IgnoreQueryFilters().Where(d => d.TenantId == tenant.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.CreatedAt, longAgo));
            await db.Attempts.IgnoreQueryFilters().Where(a => a.TenantId == tenant.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.StartedAt, longAgo));
        }

        Guid unfinishedEvent;
        await using (var scope = _host.CreateScope())
        {
            await scope.Get<PortalDbContext>().Subscriptions.IgnoreQueryFilters().Where(s => s.Id == subscription.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.State, SubscriptionState.Paused));
            // The endpoint is paused, so its delivery waits (the dispatcher leaves it alone); made old, still pending.
            unfinishedEvent = (await _host.PublishAsync(tenant.Id)).EventId;
            await scope.Get<PortalDbContext>().Deliveries.IgnoreQueryFilters().Where(d => d.EventId == unfinishedEvent)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.CreatedAt, DateTimeOffset.UtcNow.AddDays(-3)));
        }

        await using (var scope = _host.CreateScope())
            Assert.True(await scope.Get<RetentionService>().PurgeAsync(CancellationToken.None) > 0);

        await using var check = _host.CreateScope();
        var db2 = check.Get<PortalDbContext>();
        Assert.False(await db2.Events.IgnoreQueryFilters().AnyAsync(e => e.Id == finished.EventId));
        Assert.False(await db2.Events.IgnoreQueryFilters().AnyAsync(e => e.Id == waiting.EventId));
        Assert.False(await db2.Attempts.IgnoreQueryFilters().AnyAsync(a => a.TenantId == tenant.Id));
        Assert.True(await db2.Deliveries.IgnoreQueryFilters().AnyAsync(d => d.EventId == unfinishedEvent));
        Assert.True(await db2.Events.IgnoreQueryFilters().AnyAsync(e => e.Id == unfinishedEvent));
    }

    /// <summary>Not a speed assertion (that belongs to the benchmark): checks that an idle dispatcher is woken by a
    /// publication rather than a poll, and prints the publish → receive latency it saw.</summary>
    [Fact]
    public async Task Publication_on_an_idle_system_is_sent_without_waiting_for_a_poll()
    {
        var tenant = await _host.RegisterAsync("Latency");
        await using var receiver = await WebhookReceiver.StartAsync();
        await _host.AddSubscriptionAsync(tenant.Id, receiver.Url());
        await _host.PublishAsync(tenant.Id);
        await receiver.WaitForAsync(1);

        var latencies = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            await Task.Delay(300); // idle: the dispatcher is asleep (idle poll is 2 s)
            var published = DateTimeOffset.UtcNow;
            await _host.PublishAsync(tenant.Id);
            var request = (await receiver.WaitForAsync(i + 2, TimeSpan.FromSeconds(20)))[i + 1];
            latencies.Add((request.At - published).TotalMilliseconds);
        }

        latencies.Sort();
        output.WriteLine($"publish → receive on an idle host (SQLite): p50 {latencies[10]:F1} ms, max {latencies[^1]:F1} ms");
        Assert.Equal(21, receiver.Received.Count);
    }
}
