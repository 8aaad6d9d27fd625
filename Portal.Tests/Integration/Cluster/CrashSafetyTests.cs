using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Deliveries;
using Portal.Features.Publishing;
using Portal.Tests.Infrastructure;
using Portal.Tests.Integration.Dispatch;

namespace Portal.Tests.Integration.Cluster;

/// <summary>A host of its own whose dispatcher polls every 200 ms, so taken-over leases are noticed quickly.</summary>
public abstract class FastPollHost(DatabaseProvider provider) : IAsyncLifetime
{
    public static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(200);

    public PortalAppFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Factory = await PortalAppFactory.CreateAsync(provider, new Dictionary<string, string?>
        {
            ["Delivery:IdlePollInterval"] = IdlePoll.ToString(),
        });
        Factory.StartServer();
    }

    public async Task DisposeAsync()
    {
        if (Factory is not null)
            await Factory.DisposeAsync();
    }
}

public sealed class SqliteFastPollHost() : FastPollHost(DatabaseProvider.Sqlite);

public sealed class PostgresFastPollHost() : FastPollHost(DatabaseProvider.Postgres);

/// <summary>Deliveries claimed by a host that then died: the rows carry its lease, exactly as it left them.
/// A live host must take over each one once the lease has expired — and not a moment before.</summary>
public abstract class CrashSafetyTests(PortalAppFactory host)
{
    private const string DeadHost = "dead-host#1";

    [Fact]
    public async Task Expired_leases_of_a_crashed_host_are_taken_over_and_each_delivery_is_sent_exactly_once()
    {
        var tenant = await host.RegisterAsync("Crash");
        await using var receiver = await WebhookReceiver.StartAsync();
        await host.AddSubscriptionAsync(tenant.Id, receiver.Url("/a"));
        await host.AddSubscriptionAsync(tenant.Id, receiver.Url("/b"));

        var deliveries = await PublishClaimedByDeadHostAsync(tenant.Id, events: 15, DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1));
        Assert.Equal(30, deliveries.Count);
        var ids = deliveries.Keys.ToList();
        await WaitUntilAllSucceededAsync(ids);
        await Task.Delay(FastPollHost.IdlePoll * 3); // room for a duplicate to show up, were there one

        var received = receiver.Received;
        Assert.Equal(deliveries.Count, received.Count);
        Assert.Equal(deliveries.Values.Order(), received.Select(r => r.Header("webhook-id")).Order());
        Assert.All(received, r => Assert.Equal("0", r.Header("X-JobAttempt")));
        await using var scope = host.CreateScope();
        var db = scope.Get<PortalDbContext>();
        var attempts = await db.Attempts.IgnoreQueryFilters().Where(a => ids.Contains(a.DeliveryId))
            .GroupBy(a => a.DeliveryId).Select(g => g.Count()).ToListAsync();
        Assert.Equal(deliveries.Count, attempts.Count);
        Assert.All(attempts, count => Assert.Equal(1, count));
        Assert.Equal(0, await db.Deliveries.IgnoreQueryFilters()
            .CountAsync(d => ids.Contains(d.Id) && (d.LeaseOwner != null || d.AttemptCount != 1)));
    }

    [Fact]
    public async Task A_live_foreign_lease_is_respected_until_it_expires()
    {
        var tenant = await host.RegisterAsync("Leased");
        await using var receiver = await WebhookReceiver.StartAsync();
        await host.AddSubscriptionAsync(tenant.Id, receiver.Url());
        var leaseUntil = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(4);

        var deliveries = await PublishClaimedByDeadHostAsync(tenant.Id, events: 3, leaseUntil);
        var ids = deliveries.Keys.ToList();

        // Many idle polls pass while the lease is live: none of them may take the work.
        var watch = leaseUntil - DateTimeOffset.UtcNow - TimeSpan.FromMilliseconds(400);
        Assert.True(watch > TimeSpan.FromSeconds(1), $"Publishing took too long to watch the live lease ({watch.TotalMilliseconds:0} ms left).");
        await Task.Delay(watch);
        Assert.Empty(receiver.Received);
        await using (var scope = host.CreateScope())
        {
            var owners = await scope.Get<PortalDbContext>().Deliveries.IgnoreQueryFilters()
                .Where(d => ids.Contains(d.Id)).Select(d => new { d.LeaseOwner, d.Status }).ToListAsync();
            Assert.All(owners, o => Assert.Equal((DeadHost, DeliveryStatus.Pending), (o.LeaseOwner, o.Status)));
        }

        var received = await receiver.WaitForAsync(deliveries.Count, TimeSpan.FromSeconds(15));
        Assert.All(received, r => Assert.True(r.At > leaseUntil, $"Sent at {r.At:O}, before the lease ran out at {leaseUntil:O}."));
        Assert.All(received, r => Assert.True(r.At < leaseUntil + TimeSpan.FromSeconds(8),
            $"Sent at {r.At:O}, long after the lease ran out at {leaseUntil:O} (the idle poll is {FastPollHost.IdlePoll.TotalMilliseconds} ms)."));
        await WaitUntilAllSucceededAsync(ids);
        Assert.Equal(deliveries.Values.Order(), receiver.Received.Select(r => r.Header("webhook-id")).Order());
    }

    /// <summary>Publishes through the real publisher and, in the same transaction, leases the new deliveries to a
    /// dead host: no other connection ever sees them unclaimed.</summary>
    /// <returns>Delivery id → webhook id.</returns>
    private async Task<Dictionary<Guid, string>> PublishClaimedByDeadHostAsync(Guid tenantId, int events, DateTimeOffset leaseUntil)
    {
        await using var scope = host.CreateScope();
        var db = scope.Get<PortalDbContext>();
        var publisher = scope.Get<EventPublisher>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var eventIds = new List<Guid>();
        for (var i = 0; i < events; i++)
        {
            var result = await publisher.PublishAsync(new PublishEvent(tenantId, "invoice.status", $$"""{"invoiceId":"INV-{{i}}"}"""));
            eventIds.Add(result.Value?.EventId ?? throw new InvalidOperationException($"Publish failed: {result.Error}"));
        }

        var leased = await db.Deliveries.IgnoreQueryFilters().Where(d => eventIds.Contains(d.EventId))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseOwner, DeadHost).SetProperty(d => d.LeaseUntil, leaseUntil)
                .SetProperty(d => d.NextAttemptAt, leaseUntil)); // as a claim leaves it: not due until the lease ends
        await transaction.CommitAsync();
        Assert.True(leased > 0, "Nothing was published to lease.");

        return await db.Deliveries.IgnoreQueryFilters().AsNoTracking().Where(d => eventIds.Contains(d.EventId))
            .ToDictionaryAsync(d => d.Id, d => d.WebhookId);
    }

    private async Task WaitUntilAllSucceededAsync(List<Guid> ids)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var succeeded = 0;
        while (DateTime.UtcNow < deadline)
        {
            await using var scope = host.CreateScope();
            succeeded = await scope.Get<PortalDbContext>().Deliveries.IgnoreQueryFilters()
                .CountAsync(d => ids.Contains(d.Id) && d.Status == DeliveryStatus.Succeeded);
            if (succeeded == ids.Count)
                return;
            await Task.Delay(100);
        }

        throw new TimeoutException($"{succeeded} of {ids.Count} deliveries succeeded within 30 s.");
    }
}

public sealed class SqliteCrashSafetyTests(SqliteFastPollHost host) : CrashSafetyTests(host.Factory), IClassFixture<SqliteFastPollHost>;

public sealed class PostgresCrashSafetyTests(PostgresFastPollHost host) : CrashSafetyTests(host.Factory), IClassFixture<PostgresFastPollHost>;
