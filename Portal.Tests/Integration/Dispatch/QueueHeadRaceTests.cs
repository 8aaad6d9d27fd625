using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Dispatch;
using Portal.Domain.Deliveries;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Dispatch;

/// <summary>The queue-head protocol under concurrent publishers and claims, on a host of its own: the safety net that
/// re-arms lost heads counts every subscription of its database, so rows other tests write outside the engine (on a
/// shared host) would be counted too.</summary>
public abstract class QueueHeadRaceTests(DatabaseProvider provider) : IAsyncLifetime
{
    private PortalAppFactory _host = null!;

    public async Task InitializeAsync()
    {
        _host = await PortalAppFactory.CreateAsync(provider);
        _host.StartServer();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Concurrent_publishing_and_claiming_never_orphan_a_delivery()
    {
        var tenant = await _host.RegisterAsync("Race");
        using var metrics = new MetricsProbe(_host.Services.GetRequiredService<PortalMetrics>().Meter);
        await using var receiver = await WebhookReceiver.StartAsync();
        for (var i = 0; i < 3; i++)
            await _host.AddSubscriptionAsync(tenant.Id, receiver.Url($"/s{i}"), (s, _) => s.ConfigureFlow(2, null, false));

        // Small bursts from several publishers while the dispatcher drains the same subscriptions: each claim that
        // empties a queue races with a publication into it.
        var events = await Task.WhenAll(Enumerable.Range(0, 6).Select(async p =>
        {
            var ids = new List<Guid>();
            for (var i = 0; i < 40; i++)
            {
                ids.Add((await _host.PublishAsync(tenant.Id)).EventId);
                if (i % 5 == p % 5)
                    await Task.Delay(Random.Shared.Next(1, 15));
            }

            return ids;
        }));

        // Every delivery is sent by the protocol itself: the safety net (every 15 s) re-arming a queue would count in
        // portal.queues.rearmed, asserted 0 below — so the wait may be generous for a loaded machine.
        await FairDeliveryTests.Until(() => receiver.Received.Count >= 6 * 40 * 3, TimeSpan.FromSeconds(40),
            () => $"received {receiver.Received.Count} of {6 * 40 * 3}");
        await using var scope = _host.CreateScope();
        var ids = events.SelectMany(e => e).ToList();
        Assert.Equal(0, await scope.Get<PortalDbContext>().Deliveries.IgnoreQueryFilters()
            .CountAsync(d => ids.Contains(d.EventId) && d.Status != DeliveryStatus.Succeeded && d.LeaseOwner == null));
        Assert.Equal(0, metrics.Counter("portal.queues.rearmed"));
    }

}

public sealed class SqliteQueueHeadRaceTests() : QueueHeadRaceTests(DatabaseProvider.Sqlite);

public sealed class PostgresQueueHeadRaceTests() : QueueHeadRaceTests(DatabaseProvider.Postgres);
