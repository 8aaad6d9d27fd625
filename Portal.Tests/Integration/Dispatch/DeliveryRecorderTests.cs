using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Dispatch;
using Portal.Domain.Deliveries;
using Portal.Domain.Dispatch;
using Portal.Domain.Events;
using Portal.Tests.Infrastructure;
using Portal.Tests.Infrastructure.Builders;

namespace Portal.Tests.Integration.Dispatch;

/// <summary>The recorder writes a small batch (a trickle) in one transaction and a large one in two (the deliveries,
/// then the subscriptions' counters under their row locks): both write every attempt, every delivery's new state and
/// the same counters, and neither touches a delivery whose lease moved on.</summary>
public abstract class DeliveryRecorderTests(PortalAppFactory host)
{
    [Theory]
    [InlineData(3)] // one transaction
    [InlineData(DeliveryRecorder.TogetherAtMost + 24)] // two
    public async Task A_batch_records_attempts_delivery_states_and_subscription_counters(int size)
    {
        var tenant = await host.RegisterAsync("Recorder");
        var now = DateTimeOffset.UtcNow;
        Guid subscriptionId;
        List<Event> events;
        List<Delivery> deliveries;
        await using (var scope = host.CreateScope())
        {
            // Paused: the host's own dispatcher leaves these deliveries alone; this test plays the claim.
            var db = scope.Get<PortalDbContext>();
            var subscription = new SubscriptionBuilder().ForTenant(tenant.Id).WithUrl("https://example.test/hook").Paused().Build();
            db.Subscriptions.Add(subscription);
            await db.SaveChangesAsync();
            subscriptionId = subscription.Id;
            events = Enumerable.Range(0, size).Select(i => new Event(tenant.Id, "invoice.status", $$"""{"n":{{i}}}""", now)).ToList();
            deliveries = events.Select(e => new Delivery(tenant.Id, e.Id, subscriptionId, now)).ToList();
            await RowWriter.InsertAsync(db, events, CancellationToken.None);
            await RowWriter.InsertAsync(db, deliveries, CancellationToken.None);
            var ids = deliveries.Select(d => d.Id).ToList();
            await db.Deliveries.IgnoreQueryFilters().Where(d => ids.Contains(d.Id)).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.LeaseOwner, "host#1").SetProperty(d => d.LeaseUntil, now.AddMinutes(2))
                .SetProperty(d => d.NextAttemptAt, now.AddMinutes(2)));
            // The last delivery's lease ran out and another claim took it: its result must not be written.
            var movedOn = deliveries[^1].Id;
            await db.Deliveries.IgnoreQueryFilters().Where(d => d.Id == movedOn)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseOwner, "host#2"));
        }

        var subscriptionRow = await host.ReloadAsync(subscriptionId);
        // Even positions succeed, odd ones get a 500 (retried later).
        var outcomes = deliveries.Select((d, i) => new SendOutcome(
            new DeliveryWork(d.Id, d.WebhookId, 1, AttemptTrigger.Automatic, null, WebhookEvent.From(events[i]), subscriptionRow, "host#1"),
            AttemptResult.Response(i % 2 == 0 ? 200 : 500), now, 5, "https://example.test/hook", "{}", "{}", "{}", "ok", null))
            .ToList();

        await using (var scope = host.CreateScope())
            await scope.Get<DeliveryRecorder>().RecordAsync(outcomes, CancellationToken.None);

        await using (var scope = host.CreateScope())
        {
            var db = scope.Get<PortalDbContext>();
            var ids = deliveries.Select(d => d.Id).ToList();
            // Every request made is kept as an attempt, the fenced one's too.
            Assert.Equal(size, await db.Attempts.IgnoreQueryFilters().CountAsync(a => ids.Contains(a.DeliveryId)));
            var stored = await db.Deliveries.IgnoreQueryFilters().AsNoTracking().Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id);
            for (var i = 0; i < size - 1; i++)
            {
                var delivery = stored[deliveries[i].Id];
                Assert.Equal(i % 2 == 0 ? DeliveryStatus.Succeeded : DeliveryStatus.Retrying, delivery.Status);
                Assert.Equal(1, delivery.AttemptCount);
            }

            var fenced = stored[deliveries[^1].Id];
            Assert.Equal(("host#2", 0), (fenced.LeaseOwner, fenced.AttemptCount));
        }

        var stats = (await host.ReloadAsync(subscriptionId)).Stats;
        Assert.Equal(size, stats.TotalCalls);
        Assert.Equal((size + 1) / 2, stats.SuccessfulCalls);
        Assert.Equal(size % 2 == 0 ? 1 : 0, stats.ConsecutiveFailures); // the last outcome decides the streak
        Assert.Equal(size % 2 == 0 ? 500 : 200, stats.LatestResponseCode);
        // The retries lowered the queue head.
        Assert.NotNull((await host.ReloadAsync(subscriptionId)).NextDueAt);
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteDeliveryRecorderTests(SqliteHost host) : DeliveryRecorderTests(host.Factory);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresDeliveryRecorderTests(PostgresHost host) : DeliveryRecorderTests(host.Factory);
