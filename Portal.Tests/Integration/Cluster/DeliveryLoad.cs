using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Deliveries;
using Portal.Tests.Infrastructure;
using Portal.Tests.Integration.Dispatch;
using Xunit.Abstractions;

namespace Portal.Tests.Integration.Cluster;

/// <summary>Publishes a load through the real publisher, spread over the hosts, to one real receiver; waits until
/// every delivery succeeded and checks that each webhook-id arrived exactly once. Prints the throughput.</summary>
internal static class DeliveryLoad
{
    private const int Publishers = 4;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <returns>Requests received per host name (the <see cref="HostTagHandler"/> tag).</returns>
    public static async Task<IReadOnlyDictionary<string, int>> RunAsync(IReadOnlyList<PortalAppFactory> hosts, int subscriptions,
        int events, ITestOutputHelper output)
    {
        var tenant = await hosts[0].RegisterAsync("Load");
        await using var receiver = await WebhookReceiver.StartAsync();
        for (var s = 0; s < subscriptions; s++)
            await hosts[0].AddSubscriptionAsync(tenant.Id, receiver.Url($"/s{s}"));
        var expected = subscriptions * events;

        var started = DateTimeOffset.UtcNow;
        // Publishers take turns between the hosts, so every host publishes (and wakes its own dispatcher).
        await Task.WhenAll(Enumerable.Range(0, Publishers).Select(p => Task.Run(async () =>
        {
            var host = hosts[p % hosts.Count];
            for (var i = p; i < events; i += Publishers)
                await host.PublishAsync(tenant.Id, data: $$"""{"invoiceId":"INV-{{i}}"}""");
        })));
        var published = DateTimeOffset.UtcNow;
        var finished = await WaitUntilAllSucceededAsync(hosts[0], tenant.Id, expected);
        await Task.Delay(500); // room for a late duplicate to arrive, were there one

        var received = receiver.Received;
        var perHost = received.GroupBy(r => r.Header(HostTagHandler.Header)).ToDictionary(g => g.Key, g => g.Count());
        var elapsed = finished - started;
        output.WriteLine($"{hosts.Count} host(s): {expected} deliveries in {elapsed.TotalSeconds:0.0} s = " +
                         $"{expected / elapsed.TotalSeconds:0} deliveries/s (publishing {events} events took " +
                         $"{(published - started).TotalSeconds:0.0} s); sent per host: " +
                         string.Join(", ", perHost.OrderBy(h => h.Key).Select(h => $"{h.Key}={h.Value}")));

        var duplicates = received.GroupBy(r => r.Header("webhook-id")).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key} ×{g.Count()} (from {string.Join("+", g.Select(r => r.Header(HostTagHandler.Header)))})")
            .ToList();
        Assert.True(duplicates.Count == 0, $"{duplicates.Count} webhook-id(s) arrived more than once: {string.Join("; ", duplicates.Take(10))}");
        Assert.Equal(expected, received.Count);

        await using var scope = hosts[0].CreateScope();
        var db = scope.Get<PortalDbContext>();
        var webhookIds = await db.Deliveries.IgnoreQueryFilters().Where(d => d.TenantId == tenant.Id)
            .Select(d => d.WebhookId).ToListAsync();
        Assert.Equal(webhookIds.Order(StringComparer.Ordinal), received.Select(r => r.Header("webhook-id")).Order(StringComparer.Ordinal));
        Assert.Equal(0, await db.Deliveries.IgnoreQueryFilters().CountAsync(d => d.TenantId == tenant.Id && d.AttemptCount != 1));
        Assert.Equal(expected, await db.Attempts.IgnoreQueryFilters().CountAsync(a => a.TenantId == tenant.Id));
        return perHost;
    }

    /// <returns>When the last delivery succeeded (the hosts' own clock).</returns>
    private static async Task<DateTimeOffset> WaitUntilAllSucceededAsync(PortalAppFactory host, Guid tenantId, int expected)
    {
        var deadline = DateTime.UtcNow + Timeout;
        var counts = new Dictionary<DeliveryStatus, int>();
        while (DateTime.UtcNow < deadline)
        {
            await using var scope = host.CreateScope();
            var deliveries = scope.Get<PortalDbContext>().Deliveries.IgnoreQueryFilters().Where(d => d.TenantId == tenantId);
            counts = await deliveries.GroupBy(d => d.Status).ToDictionaryAsync(g => g.Key, g => g.Count());
            if (counts.GetValueOrDefault(DeliveryStatus.Succeeded) == expected)
                return await deliveries.MaxAsync(d => d.CompletedAt)
                       ?? throw new InvalidOperationException("Succeeded without a completion time.");
            await Task.Delay(200);
        }

        throw new TimeoutException($"Not every delivery succeeded within {Timeout.TotalSeconds:0} s: " +
                                   string.Join(", ", counts.Select(c => $"{c.Key}={c.Value}")));
    }
}
