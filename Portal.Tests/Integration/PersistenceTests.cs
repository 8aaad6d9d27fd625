using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Deliveries;
using Portal.Domain.Subscriptions;
using Portal.Tests.Infrastructure;
using Portal.Tests.Infrastructure.Builders;

namespace Portal.Tests.Integration;

/// <summary>What the domain holds survives a round trip through each provider's real schema.</summary>
public abstract class PersistenceTests(PortalAppFactory host)
{
    [Fact]
    public async Task Subscription_with_every_setting_round_trips()
    {
        var tenant = await host.RegisterAsync("Round trip");
        var subscription = new SubscriptionBuilder()
            .ForTenant(tenant.Id)
            .WithEventTypes("invoice.status", "Invoice.SUBMITTED", "ledgerpayment")
            .WithMethod("PATCH").WithTimeout(7_500)
            .WithAuth(new EndpointAuth(AuthType.Query, "token", "protected:token"))
            .WithNotification(new NotificationSettings("ops@acme.test", Enabled: true))
            .Disabled("410 Gone")
            .Build();
        subscription.SetHeaders([new CustomHeader("X-Tenant", "protected:acme"), new CustomHeader("X-Env", "protected:prod")]);
        subscription.ConfigureSigning(new SigningSettings(SigningScheme.StandardWebhooks, null, "protected:new",
            "protected:old", TestClock.Now.AddDays(1)));
        subscription.ConfigureRetry(new RetrySettings(RetryPreset.Custom, InitialDelaySeconds: 30, Factor: 1.5, MaxRetries: 6, CapSeconds: 3600));
        subscription.UsePayloadFormat(PayloadFormat.DataOnly);
        await SaveAsync(subscription);

        await using var db = host.Database.CreateContext();
        var stored = await db.Subscriptions.IgnoreQueryFilters().SingleAsync(s => s.Id == subscription.Id);

        Assert.Equal(["Invoice.SUBMITTED", "invoice.status", "ledgerpayment"], stored.EventTypes.Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(("PATCH", 7_500), (stored.HttpMethod, stored.TimeoutMs));
        Assert.Equal(subscription.Auth, stored.Auth);
        Assert.Equal(subscription.Headers, stored.Headers);
        Assert.Equal(subscription.Signing, stored.Signing);
        Assert.Equal(subscription.Retry, stored.Retry);
        Assert.Equal(subscription.Notification, stored.Notification);
        Assert.Equal(subscription.Stats, stored.Stats);
        Assert.Equal(PayloadFormat.DataOnly, stored.PayloadFormat);
        Assert.Equal((SubscriptionState.Disabled, "410 Gone", TestClock.Now), (stored.State, stored.DisabledReason, stored.StateChangedAt));
    }

    [Fact]
    public async Task Attempt_with_a_cut_unicode_response_round_trips()
    {
        var tenant = await host.RegisterAsync("Unicode");
        // Paused: the running host's dispatcher must leave this pending delivery as it was stored.
        var subscription = new SubscriptionBuilder().ForTenant(tenant.Id).Paused().Build();
        var @event = new EventBuilder().ForTenant(tenant.Id).WithData("""{"name":"Société Générale 😀"}""").WithIdempotencyKey("key-1").Build();
        var delivery = new DeliveryBuilder().Of(@event).To(subscription).Build();
        var attempt = new AttemptBuilder().Of(delivery).Build();
        attempt.RecordResponse(502, """{"Server":"nginx"}""", new string('x', Attempt.MaxResponseBodyChars - 1) + "😀 Bad gateway", 1234);
        await SaveAsync(subscription, @event, delivery, attempt);

        await using var db = host.Database.CreateContext();
        var storedEvent = await db.Events.IgnoreQueryFilters().SingleAsync(e => e.Id == @event.Id);
        var storedAttempt = await db.Attempts.IgnoreQueryFilters().SingleAsync(a => a.Id == attempt.Id);
        var storedDelivery = await db.Deliveries.IgnoreQueryFilters().SingleAsync(d => d.Id == delivery.Id);

        Assert.Equal(@event.Data, storedEvent.Data);
        Assert.Equal("key-1", storedEvent.IdempotencyKey);
        Assert.Equal(attempt.ResponseBody, storedAttempt.ResponseBody);
        Assert.Equal((502, 1234), (storedAttempt.ResponseStatus, storedAttempt.DurationMs));
        Assert.Equal((delivery.WebhookId, DeliveryStatus.Pending, TestClock.Now), (storedDelivery.WebhookId, storedDelivery.Status, storedDelivery.NextAttemptAt));
    }

    [Fact]
    public async Task Same_idempotency_key_twice_for_one_tenant_is_rejected_by_the_database()
    {
        var tenant = await host.RegisterAsync("Idempotent");
        await SaveAsync(new EventBuilder().ForTenant(tenant.Id).WithIdempotencyKey("dup").Build());

        await Assert.ThrowsAsync<DbUpdateException>(() =>
            SaveAsync(new EventBuilder().ForTenant(tenant.Id).WithIdempotencyKey("dup").Build()));
    }

    private async Task SaveAsync(params object[] entities)
    {
        await using var scope = host.CreateScope();
        var db = scope.Get<PortalDbContext>();
        db.AddRange(entities);
        await db.SaveChangesAsync();
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqlitePersistenceTests(SqliteHost host) : PersistenceTests(host.Factory);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresPersistenceTests(PostgresHost host) : PersistenceTests(host.Factory);
