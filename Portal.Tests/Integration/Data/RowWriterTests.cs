using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Deliveries;
using Portal.Domain.Dispatch;
using Portal.Domain.Events;
using Portal.Tests.Infrastructure;
using Portal.Tests.Infrastructure.Builders;

namespace Portal.Tests.Integration.Data;

/// <summary>The engine's set-based writes store rows exactly as EF would (columns, converters, types), write only the
/// columns that changed, and keep the tenant rule of SaveChanges — on each provider, in a real database.</summary>
public abstract class RowWriterTests(PortalAppFactory host)
{
    // Whole milliseconds: every provider stores them exactly (PostgreSQL keeps microseconds, not ticks).
    private static readonly DateTimeOffset Now =
        DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    [Fact]
    public async Task Inserted_rows_read_back_as_SaveChanges_would_store_them()
    {
        var (tenantId, subscriptionId) = await PausedSubscriptionAsync();
        var @event = new Event(tenantId, "invoice.status", """{"invoiceId":"INV-7"}""", Now, $"key-{Guid.NewGuid():N}");
        List<Delivery> deliveries = [new(tenantId, @event.Id, subscriptionId, Now)];
        deliveries[0].RecordAttempt(AttemptResult.Response(503), TimeSpan.FromMinutes(1), Now); // nullable columns hold values too
        var attempt = new AttemptBuilder().Of(deliveries[0]).At(Now)
            .WithRequest("https://example.test/hook", """{"webhook-id":"x"}""", """{"a":1}""").Build();
        attempt.RecordResponse(503, """{"retry-after":"1"}""", "busy", 42);

        await using (var scope = host.CreateScope())
        {
            var db = scope.Get<PortalDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await RowWriter.InsertAsync(db, [@event], CancellationToken.None);
            await RowWriter.InsertAsync(db, deliveries, CancellationToken.None);
            await RowWriter.InsertAsync(db, [attempt], CancellationToken.None);
            await transaction.CommitAsync();
        }

        await using (var scope = host.CreateScope())
        {
            var db = scope.Get<PortalDbContext>();
            AssertSameColumns(@event, await db.Events.IgnoreQueryFilters().AsNoTracking().SingleAsync(e => e.Id == @event.Id));
            AssertSameColumns(deliveries[0],
                await db.Deliveries.IgnoreQueryFilters().AsNoTracking().SingleAsync(d => d.Id == deliveries[0].Id));
            AssertSameColumns(attempt, await db.Attempts.IgnoreQueryFilters().AsNoTracking().SingleAsync(a => a.Id == attempt.Id));

            // The enum went through its value converter (stored as text), as SaveChanges stores it.
            var status = await db.Database.SqlQuery<string>(
                    $"SELECT \"Status\" AS \"Value\" FROM \"Deliveries\" WHERE \"Id\" = {deliveries[0].Id}")
                .SingleAsync();
            Assert.Equal(nameof(DeliveryStatus.Retrying), status);
        }
    }

    [Fact]
    public async Task Many_rows_are_inserted_in_one_call()
    {
        var (tenantId, _) = await PausedSubscriptionAsync();
        // More rows than one command of a database server may carry (2,000 parameters).
        var events = Enumerable.Range(0, 400)
            .Select(i => new Event(tenantId, "invoice.status", $$"""{"n":{{i}}}""", Now, null, deliveriesSuppressed: true))
            .ToList();

        await using var scope = host.CreateScope();
        var db = scope.Get<PortalDbContext>();
        await RowWriter.InsertAsync(db, events, CancellationToken.None);

        var ids = events.Select(e => e.Id).ToList();
        Assert.Equal(400, await db.Events.IgnoreQueryFilters().CountAsync(e => ids.Contains(e.Id)));
    }

    [Fact]
    public async Task Updates_write_only_the_columns_that_changed()
    {
        var (tenantId, subscriptionId) = await PausedSubscriptionAsync();
        var @event = new Event(tenantId, "invoice.status", "{}", Now);
        var delivery = new Delivery(tenantId, @event.Id, subscriptionId, Now);
        var untouched = new Delivery(tenantId, @event.Id, (await PausedSubscriptionAsync(tenantId)).SubscriptionId, Now);
        await using var scope = host.CreateScope();
        var db = scope.Get<PortalDbContext>();
        await RowWriter.InsertAsync(db, [@event], CancellationToken.None);
        await RowWriter.InsertAsync(db, [delivery, untouched], CancellationToken.None);

        var rows = new List<(Delivery, object?[])>
        {
            (delivery, RowWriter.Snapshot(db, delivery)),
            (untouched, RowWriter.Snapshot(db, untouched)),
        };
        delivery.RecordAttempt(AttemptResult.Response(500), TimeSpan.FromMinutes(1), Now.AddSeconds(1));
        // Meanwhile another writer changes a column the attempt does not touch.
        await db.Deliveries.IgnoreQueryFilters().Where(d => d.Id == delivery.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptRequestedBy, "someone@acme.test"));

        var updated = await RowWriter.UpdateChangedAsync(db, rows, CancellationToken.None);

        Assert.Equal(1, updated); // the unchanged row is not written at all
        var stored = await db.Deliveries.IgnoreQueryFilters().AsNoTracking().SingleAsync(d => d.Id == delivery.Id);
        Assert.Equal(DeliveryStatus.Retrying, stored.Status);
        Assert.Equal(1, stored.AttemptCount);
        Assert.Equal(500, stored.LastResponseCode);
        Assert.Equal(Now.AddSeconds(1).AddMinutes(1), stored.NextAttemptAt);
        Assert.Equal("someone@acme.test", stored.NextAttemptRequestedBy);
    }

    [Fact]
    public async Task A_batch_of_updates_in_several_shapes_writes_each_row_and_the_fence_keeps_a_row_that_moved_on()
    {
        var (tenantId, subscriptionId) = await PausedSubscriptionAsync();
        // More rows than one command may carry (2,000 parameters), in two shapes of changed columns.
        var events = Enumerable.Range(0, 600).Select(i => new Event(tenantId, "invoice.status", $$"""{"n":{{i}}}""", Now)).ToList();
        var inserted = events.Select(e => new Delivery(tenantId, e.Id, subscriptionId, Now)).ToList();
        await using var scope = host.CreateScope();
        var db = scope.Get<PortalDbContext>();
        await RowWriter.InsertAsync(db, events, CancellationToken.None);
        await RowWriter.InsertAsync(db, inserted, CancellationToken.None);
        // Leased, as a claim leaves them, and read back as the recorder reads them.
        var ids = inserted.Select(d => d.Id).ToList();
        await db.Deliveries.IgnoreQueryFilters().Where(d => ids.Contains(d.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseOwner, "host#1").SetProperty(d => d.LeaseUntil, Now.AddMinutes(2)));
        var byId = await db.Deliveries.IgnoreQueryFilters().AsNoTracking().Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id);
        var deliveries = ids.Select(id => byId[id]).ToList();
        var rows = deliveries.Select(d => (d, RowWriter.Snapshot(db, d))).ToList();
        for (var i = 0; i < deliveries.Count; i++)
        {
            if (i % 2 == 0)
                deliveries[i].RecordAttempt(AttemptResult.Response(200), TimeSpan.FromMinutes(1), Now.AddSeconds(1)); // next attempt: null
            else
                deliveries[i].RecordAttempt(AttemptResult.Response(503), TimeSpan.FromMinutes(1), Now.AddSeconds(1));
        }

        // The last row's lease moved on to another host meanwhile: the fence keeps it.
        var movedOn = deliveries[^1].Id;
        await db.Deliveries.IgnoreQueryFilters().Where(d => d.Id == movedOn)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseOwner, "host#2"));

        var updated = await RowWriter.UpdateChangedAsync(db, rows, CancellationToken.None, fence: nameof(Delivery.LeaseOwner));

        Assert.Equal(deliveries.Count - 1, updated);
        var stored = await db.Deliveries.IgnoreQueryFilters().AsNoTracking().Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id);
        for (var i = 0; i < deliveries.Count - 1; i++)
            AssertSameColumns(deliveries[i], stored[deliveries[i].Id]);
        Assert.Equal(DeliveryStatus.Pending, stored[movedOn].Status);
        Assert.Equal("host#2", stored[movedOn].LeaseOwner);
        Assert.Equal(0, stored[movedOn].AttemptCount);
    }

    [Fact]
    public async Task A_signed_in_tenant_cannot_write_another_tenants_rows()
    {
        var (otherTenantId, _) = await PausedSubscriptionAsync();
        var tenant = await host.RegisterAsync("RowWriter");
        await using var scope = await host.CreateScopeSignedInAsync(tenant.Owner);
        var db = scope.Get<PortalDbContext>();

        var foreign = new Event(otherTenantId, "invoice.status", "{}", Now);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(
            () => RowWriter.InsertAsync(db, [foreign], CancellationToken.None));
        Assert.Contains("another tenant", refused.Message, StringComparison.Ordinal);
        Assert.False(await db.Events.IgnoreQueryFilters().AnyAsync(e => e.Id == foreign.Id));
    }

    private async Task<(Guid TenantId, Guid SubscriptionId)> PausedSubscriptionAsync(Guid? tenantId = null)
    {
        var id = tenantId ?? (await host.RegisterAsync("RowWriter")).Id;
        await using var scope = host.CreateScope();
        var db = scope.Get<PortalDbContext>();
        var subscription = new SubscriptionBuilder().ForTenant(id).WithUrl("https://example.test/hook").Paused().Build();
        db.Subscriptions.Add(subscription);
        await db.SaveChangesAsync();
        return (id, subscription.Id);
    }

    private static void AssertSameColumns<T>(T expected, T actual)
    {
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.SetMethod is not null))
            Assert.True(Equals(property.GetValue(expected), property.GetValue(actual)),
                $"{typeof(T).Name}.{property.Name}: expected {property.GetValue(expected)}, stored {property.GetValue(actual)}");
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteRowWriterTests(SqliteHost host) : RowWriterTests(host.Factory);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresRowWriterTests(PostgresHost host) : RowWriterTests(host.Factory);
