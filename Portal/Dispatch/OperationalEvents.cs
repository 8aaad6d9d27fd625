using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Domain.Catalogue;
using Portal.Domain.Subscriptions;
using Portal.Identity;
using Portal.Notifications;

namespace Portal.Dispatch;

/// <summary>One operational event to publish: for the endpoint's tenant, and a copy for the operators' tenant.
/// <paramref name="Key"/> is its idempotency key, which also throttles: a second event with it is not stored.</summary>
public sealed record OperationalEvent(string Type, Guid TenantId, string Key, IReadOnlyDictionary<string, object?> Data);

/// <summary>The ordinary publisher as the delivery engine sees it (Features/Publishing provides it): the engine
/// records, publishing fans out, and neither imports the other's internals.</summary>
public interface IOperationalEventPublisher
{
    /// <summary>Publishes <paramref name="data"/> (JSON) for <paramref name="tenantId"/>; returns why it was not
    /// published, or null.</summary>
    Task<string?> PublishAsync(Guid tenantId, string type, string data, string idempotencyKey, CancellationToken cancellationToken);
}

/// <summary>Publishes Portal's own events (<see cref="OperationalEventTypes"/>) through the ordinary publisher, so
/// they are delivered by the same engine with the same signing. Publishing happens after the recorder's transaction:
/// a crash in between loses the notice, never a delivery.</summary>
public sealed class OperationalEvents(IServiceScopeFactory scopes, IOptionsMonitor<SmtpOptions> smtp, ILogger<OperationalEvents> logger)
{
    public static OperationalEvent Disabled(Subscription subscription, string? reason, DateTimeOffset now) =>
        Create(OperationalEventTypes.EndpointDisabled, subscription, $"{subscription.Id:N}:{now.UtcTicks}", ("reason", reason));

    public static OperationalEvent Recovered(Subscription subscription, DateTimeOffset now) =>
        Create(OperationalEventTypes.EndpointRecovered, subscription, $"{subscription.Id:N}:{now.UtcTicks}");

    public static OperationalEvent Exhausted(Subscription subscription, Guid deliveryId, string eventType, int attempts, string reason) =>
        Create(OperationalEventTypes.DeliveryExhausted, subscription, $"{deliveryId:N}",
            ("deliveryId", deliveryId), ("eventType", eventType), ("attempts", attempts), ("reason", reason));

    /// <summary>At most one per subscription per notification window (the failure e-mail's throttle): the window's
    /// number is part of the idempotency key.</summary>
    public OperationalEvent Failing(Subscription subscription, string reason, DateTimeOffset now)
    {
        var window = Math.Max(1, (long)smtp.CurrentValue.NotificationWindow.TotalSeconds);
        return Create(OperationalEventTypes.EndpointFailing, subscription, $"{subscription.Id:N}:{now.ToUnixTimeSeconds() / window}",
            ("consecutiveFailures", subscription.Stats.ConsecutiveFailures), ("reason", reason));
    }

    /// <summary>Publications of operational events in flight at once: the publication writer stores what arrives
    /// together in one transaction, so a batch of notices costs a few commits, not two each.</summary>
    private const int Concurrency = 8;

    /// <summary>Publishes each event (once per idempotency key in the batch) for its tenant and for the operators'.</summary>
    public async Task PublishAsync(IReadOnlyList<OperationalEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
            return;
        List<Guid> operators;
        await using (var scope = scopes.CreateAsyncScope())
            operators = await OperatorTenantsAsync(scope.ServiceProvider.GetRequiredService<PortalDbContext>(), cancellationToken);
        var publications = events.DistinctBy(e => (e.Type, e.TenantId, e.Key))
            .SelectMany(e => operators.Append(e.TenantId).Distinct().Select(tenant => (Event: e, Tenant: tenant)))
            .ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(publications, parallel, async (publication, token) =>
        {
            var (e, tenant) = publication;
            await using var scope = scopes.CreateAsyncScope();
            var publisher = scope.ServiceProvider.GetRequiredService<IOperationalEventPublisher>();
            var data = JsonSerializer.Serialize(e.Data, JsonSerializerOptions.Web);
            try
            {
                if (await publisher.PublishAsync(tenant, e.Type, data, $"{e.Type}:{e.Key}", token) is { } error)
                    logger.LogWarning("Operational event {Type} not published: {Error}", e.Type, error);
            }
            catch (DbException failure)
            {
                logger.LogWarning(failure, "Operational event {Type} not published.", e.Type);
            }
        });
    }

    /// <summary>The tenants that hold operators (role Admin): the platform's own.</summary>
    private static Task<List<Guid>> OperatorTenantsAsync(PortalDbContext db, CancellationToken cancellationToken) =>
        (from user in db.Users.IgnoreQueryFilters()
         join userRole in db.UserRoles on user.Id equals userRole.UserId
         join role in db.Roles on userRole.RoleId equals role.Id
         where role.Name == PortalRoles.Admin
         select user.TenantId).Distinct().ToListAsync(cancellationToken);

    private static OperationalEvent Create(string type, Subscription subscription, string key, params (string Name, object? Value)[] facts)
    {
        var data = new Dictionary<string, object?>
        {
            ["tenantId"] = subscription.TenantId,
            ["subscriptionId"] = subscription.Id,
            ["subscriptionName"] = subscription.Name,
            ["url"] = subscription.Url,
        };
        foreach (var (name, value) in facts)
            data[name] = value;
        return new OperationalEvent(type, subscription.TenantId, key, data);
    }
}
