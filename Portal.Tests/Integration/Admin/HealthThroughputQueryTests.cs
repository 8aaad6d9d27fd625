using Portal.Data;
using Portal.Domain.Deliveries;
using Portal.Features.Admin.Health;
using Portal.Tests.Infrastructure;
using Portal.Tests.Integration.Dispatch;

namespace Portal.Tests.Integration.Admin;

/// <summary>The health chart's per-minute counts are computed by the database on every provider.</summary>
public abstract class HealthThroughputQueryTests(PortalAppFactory host)
{
    [Fact]
    public async Task A_failed_then_successful_delivery_counts_one_of_each_in_the_last_hour()
    {
        var tenant = await host.RegisterAsync("Chart");
        await using var receiver = await WebhookReceiver.StartWithStatusesAsync(503);
        await host.AddSubscriptionAsync(tenant.Id, receiver.Url(), (s, _) => s.RetryAfterSeconds("1"));
        var before = await ThroughputAsync();

        var published = await host.PublishAsync(tenant.Id);
        await host.WaitForDeliveryAsync(published.EventId, d => d.Status == DeliveryStatus.Succeeded);
        var after = await ThroughputAsync();

        Assert.Equal(60, after.Count);
        // Other tests share this host: compare with the counts before, allowing for their attempts.
        Assert.True(after.Sum(p => p.Sent) >= before.Sum(p => p.Sent) + 1);
        Assert.True(after.Sum(p => p.Failed) >= before.Sum(p => p.Failed) + 1);
        Assert.True(after[^1].Sent + after[^2].Sent >= 1, "the success is counted in the current (or previous) minute");
    }

    private async Task<IReadOnlyList<ThroughputPoint>> ThroughputAsync()
    {
        await using var scope = host.CreateScope();
        return await scope.Get<SystemHealthQuery>().ThroughputAsync(DateTimeOffset.UtcNow, CancellationToken.None);
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteHealthThroughputQueryTests(SqliteHost host) : HealthThroughputQueryTests(host.Factory);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresHealthThroughputQueryTests(PostgresHost host) : HealthThroughputQueryTests(host.Factory);
