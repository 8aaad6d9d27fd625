using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Dispatch;
using Portal.Domain.Deliveries;
using Portal.Domain.Subscriptions;
using Portal.Features.Publishing;
using Portal.Secrets;
using Portal.Tests.Infrastructure;
using Portal.Tests.Infrastructure.Builders;

namespace Portal.Tests.Integration.Dispatch;

/// <summary>Setting up subscriptions (secrets protected by the host) and waiting for the dispatcher, on a real host.</summary>
internal static class EngineTestHelpers
{
    public static async Task<Subscription> AddSubscriptionAsync(this WebApplicationFactory<Program> host, Guid tenantId,
        string url, Action<Subscription, SecretProtector>? configure = null, params string[] eventTypes)
    {
        await using var scope = host.CreateScope();
        var protector = scope.Get<SecretProtector>();
        var subscription = new SubscriptionBuilder().ForTenant(tenantId).WithUrl(url)
            .WithEventTypes(eventTypes.Length > 0 ? eventTypes : ["invoice.status"]).Build();
        configure?.Invoke(subscription, protector);
        var db = scope.Get<PortalDbContext>();
        db.Subscriptions.Add(subscription);
        await db.SaveChangesAsync();
        return subscription;
    }

    public static async Task<PublishedEvent> PublishAsync(this WebApplicationFactory<Program> host, Guid tenantId,
        string type = "invoice.status", string data = """{"invoiceId":"INV-1","status":"APPROVED"}""",
        string? idempotencyKey = null, bool suppress = false)
    {
        await using var scope = host.CreateScope();
        var result = await scope.Get<EventPublisher>()
            .PublishAsync(new PublishEvent(tenantId, type, data, idempotencyKey, suppress));
        return result.Value ?? throw new InvalidOperationException($"Publish failed: {result.Error}");
    }

    /// <summary>Polls the database until the delivery reaches <paramref name="done"/> (bounded).</summary>
    public static async Task<Portal.Domain.Deliveries.Delivery> WaitForDeliveryAsync(this WebApplicationFactory<Program> host,
        Guid eventId, Func<Portal.Domain.Deliveries.Delivery, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        Portal.Domain.Deliveries.Delivery? last = null;
        while (DateTime.UtcNow < deadline)
        {
            await using var scope = host.CreateScope();
            last = await scope.Get<PortalDbContext>().Deliveries.IgnoreQueryFilters().AsNoTracking()
                .FirstOrDefaultAsync(d => d.EventId == eventId);
            if (last is not null && done(last))
                return last;
            await Task.Delay(50);
        }

        throw new TimeoutException($"Delivery of event {eventId} did not reach the expected state; last: " +
                                   (last is null ? "none" : $"{last.Status}, {last.AttemptCount} attempt(s)"));
    }

    public static async Task<List<Attempt>> AttemptsAsync(this WebApplicationFactory<Program> host, Guid deliveryId)
    {
        await using var scope = host.CreateScope();
        return await scope.Get<PortalDbContext>().Attempts.IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.DeliveryId == deliveryId).OrderBy(a => a.Number).ToListAsync();
    }

    public static async Task<Subscription> ReloadAsync(this WebApplicationFactory<Program> host, Guid subscriptionId)
    {
        await using var scope = host.CreateScope();
        return await scope.Get<PortalDbContext>().Subscriptions.IgnoreQueryFilters().AsNoTracking()
            .FirstAsync(s => s.Id == subscriptionId);
    }

    /// <summary>Polls until the subscription matches (stats are recorded just after the delivery's state).</summary>
    public static async Task<Subscription> WaitForSubscriptionAsync(this WebApplicationFactory<Program> host,
        Guid subscriptionId, Func<Subscription, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        var last = await host.ReloadAsync(subscriptionId);
        while (!done(last) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            last = await host.ReloadAsync(subscriptionId);
        }

        return last;
    }

    /// <summary>Fast retries for tests: the given delays in seconds.</summary>
    public static void RetryAfterSeconds(this Subscription subscription, string delays) =>
        subscription.ConfigureRetry(new RetrySettings(RetryPreset.Custom, DelaysSeconds: delays));

    /// <summary>One attempt, no retry.</summary>
    public static void NoRetries(this Subscription subscription) =>
        subscription.ConfigureRetry(new RetrySettings(RetryPreset.AkuiteoTest, MaxAttempts: 1));
}
