using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Dispatch;
using Portal.Domain.Deliveries;
using Portal.Features.Admin.Health;
using Portal.Jobs;
using Portal.Tests.Infrastructure;
using Portal.Tests.Integration.Dispatch;
using Quartz;

namespace Portal.Tests.Integration.Admin;

/// <summary>The health figures and the "Portal" meter follow what the running engine does. Own host: the queue
/// figures are global, so no other test's deliveries may move them.</summary>
public sealed class SystemHealthTests : IAsyncLifetime
{
    private PortalAppFactory _host = null!;

    public async Task InitializeAsync()
    {
        _host = await PortalAppFactory.CreateAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>
        {
            ["Health:CacheFor"] = "00:00:00.100",
            ["Delivery:IdlePollInterval"] = "00:00:00.200",
        });
        _host.StartServer();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Sent_and_failed_counters_and_the_queue_gauges_move_with_deliveries()
    {
        var meter = _host.Services.GetRequiredService<PortalMetrics>().Meter;
        using var metrics = new MetricsProbe(meter);
        var tenant = await _host.RegisterAsync("Metrics");
        await using var ok = await WebhookReceiver.StartAsync();
        await using var failing = await WebhookReceiver.StartWithStatusesAsync(500, 500);
        await _host.AddSubscriptionAsync(tenant.Id, ok.Url(), (s, _) => s.NoRetries());
        await _host.AddSubscriptionAsync(tenant.Id, failing.Url(), (s, _) => s.RetryAfterSeconds("600"));

        await _host.PublishAsync(tenant.Id);
        await ok.WaitForAsync(1);
        await failing.WaitForAsync(1);
        await WaitUntilAsync(() => metrics.Counter("portal.deliveries.sent") == 1 && metrics.Counter("portal.deliveries.failed") == 1);

        // The failed one now waits for its retry in 10 minutes: scheduled, not due.
        await WaitUntilAsync(() =>
        {
            metrics.Observe();
            return metrics.Gauge("portal.queue.scheduled") == 1 && metrics.Gauge("portal.queue.due") == 0;
        });
        var queue = await _host.Services.GetRequiredService<SystemHealthMonitor>().QueueAsync();
        Assert.Equal((1, 0), (queue.ScheduledLater, queue.DueNow));
        Assert.Null(queue.OldestDueAge);

        var scrape = await _host.CreateClient().GetStringAsync("/metrics");
        Assert.Contains("portal_deliveries_sent_total", scrape, StringComparison.Ordinal);
        Assert.Contains("portal_queue_scheduled", scrape, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Throughput_counts_attempts_per_minute_and_jobs_report_their_last_run()
    {
        var tenant = await _host.RegisterAsync("Throughput");
        await using var receiver = await WebhookReceiver.StartWithStatusesAsync(503);
        await _host.AddSubscriptionAsync(tenant.Id, receiver.Url(), (s, _) => s.RetryAfterSeconds("1"));
        var published = await _host.PublishAsync(tenant.Id);
        await _host.WaitForDeliveryAsync(published.EventId, d => d.Status == DeliveryStatus.Succeeded);

        var scheduler = await _host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.TriggerJob(RetentionJob.Key);

        var monitor = _host.Services.GetRequiredService<SystemHealthMonitor>();
        await WaitUntilAsync(async () => (await monitor.ThroughputAsync()).Sum(p => p.Sent) == 1);
        var points = await monitor.ThroughputAsync();
        Assert.Equal(60, points.Count);
        Assert.Equal((1, 1), (points.Sum(p => p.Sent), points.Sum(p => p.Failed)));

        await WaitUntilAsync(async () => (await monitor.SchedulerAsync()).Jobs.Any(j => j.Job == RetentionJob.Key.Name && j.LastRun is not null));
        var status = await monitor.SchedulerAsync();
        Assert.False(status.Clustered);
        Assert.True(Assert.Single(status.Nodes).IsThisHost);
        Assert.True(status.Jobs.Single(j => j.Job == RetentionJob.Key.Name).LastRun!.Succeeded);
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("The condition did not become true in time.");
            await Task.Delay(100);
        }
    }
}
