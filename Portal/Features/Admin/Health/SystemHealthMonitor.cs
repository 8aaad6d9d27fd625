using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Portal.Dispatch;

namespace Portal.Features.Admin.Health;

/// <summary>The health figures, cached for <see cref="HealthOptions.CacheFor"/> and shared by the page and the
/// "Portal" meter's gauges. A gauge callback never waits for the database: it reports the last figures and, when
/// they are stale, starts a refresh for the next scrape.</summary>
public sealed class SystemHealthMonitor : IHostedService, IDisposable
{
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly ILogger<SystemHealthMonitor> _logger;
    private readonly CachedFigure<QueueFigures> _queue;
    private readonly CachedFigure<IReadOnlyList<ThroughputPoint>> _throughput;
    private readonly CachedFigure<SchedulerStatus> _scheduler;
    private int _refreshing;

    public SystemHealthMonitor(IServiceScopeFactory scopes, PortalMetrics metrics, IOptionsMonitor<HealthOptions> options,
        TimeProvider clock, ILogger<SystemHealthMonitor> logger)
    {
        _scopes = scopes;
        _clock = clock;
        _logger = logger;
        _queue = new CachedFigure<QueueFigures>(() => options.CurrentValue.CacheFor, clock);
        // The per-minute chart moves slowly and reads more rows: refreshed less often.
        _throughput = new CachedFigure<IReadOnlyList<ThroughputPoint>>(() => options.CurrentValue.CacheFor * 3, clock);
        _scheduler = new CachedFigure<SchedulerStatus>(() => options.CurrentValue.CacheFor, clock);

        var meter = metrics.Meter;
        meter.CreateObservableGauge("portal.queue.due", () => Observe(q => q.DueNow), "{delivery}",
            "Deliveries due now (waiting to be sent).");
        meter.CreateObservableGauge("portal.queue.scheduled", () => Observe(q => q.ScheduledLater), "{delivery}",
            "Deliveries scheduled for later (retries).");
        meter.CreateObservableGauge("portal.queue.oldest_due_age", () => Observe(q => q.OldestDueAge?.TotalSeconds ?? 0), "s",
            "How long the oldest due delivery has been waiting.");
        meter.CreateObservableGauge("portal.deliveries.in_flight", () => Observe(q => q.InFlight), "{delivery}",
            "Deliveries under a live lease (being sent), all hosts.");
    }

    public Task<QueueFigures> QueueAsync(CancellationToken cancellationToken = default) =>
        _queue.GetAsync(ct => WithScopeAsync<SystemHealthQuery, QueueFigures>((q, c) => q.QueueAsync(_clock.GetUtcNow(), c), ct),
            cancellationToken);

    public Task<IReadOnlyList<ThroughputPoint>> ThroughputAsync(CancellationToken cancellationToken = default) =>
        _throughput.GetAsync(ct => WithScopeAsync<SystemHealthQuery, IReadOnlyList<ThroughputPoint>>(
            (q, c) => q.ThroughputAsync(_clock.GetUtcNow(), c), ct), cancellationToken);

    public Task<SchedulerStatus> SchedulerAsync(CancellationToken cancellationToken = default) =>
        _scheduler.GetAsync(ct => WithScopeAsync<SchedulerStatusQuery, SchedulerStatus>((q, c) => q.LoadAsync(_clock.GetUtcNow(), c), ct),
            cancellationToken);

    /// <summary>Loads the queue figures once at start-up, so the first scrape has values.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        RefreshQueueInBackground();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        _queue.Dispose();
        _throughput.Dispose();
        _scheduler.Dispose();
    }

    private IEnumerable<Measurement<T>> Observe<T>(Func<QueueFigures, T> figure) where T : struct
    {
        if (!_queue.IsFresh)
            RefreshQueueInBackground();
        return _queue.Latest is { } queue ? [new Measurement<T>(figure(queue))] : [];
    }

    private void RefreshQueueInBackground()
    {
        if (Interlocked.Exchange(ref _refreshing, 1) == 1)
            return;
        _ = Task.Run(async () =>
        {
            try
            {
                await QueueAsync();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _logger.LogWarning(e, "Could not read the queue figures for the metrics; keeping the last ones.");
            }
            finally
            {
                Volatile.Write(ref _refreshing, 0);
            }
        });
    }

    private async Task<TResult> WithScopeAsync<TQuery, TResult>(Func<TQuery, CancellationToken, Task<TResult>> run,
        CancellationToken cancellationToken) where TQuery : notnull
    {
        await using var scope = _scopes.CreateAsyncScope();
        return await run(scope.ServiceProvider.GetRequiredService<TQuery>(), cancellationToken);
    }
}
