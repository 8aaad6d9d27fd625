using Microsoft.Extensions.DependencyInjection;
using Portal.Jobs;
using Quartz;
using Xunit.Abstractions;

namespace Portal.Tests.Integration.Cluster;

/// <summary>Two hosts on ONE PostgreSQL database: every host dispatches (leases keep them apart), the maintenance
/// jobs run once per cluster (clustered Quartz store).</summary>
public sealed class TwoHostTests(TwoPostgresHosts cluster, ITestOutputHelper output) : IClassFixture<TwoPostgresHosts>
{
    private static readonly TimeSpan Observation = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task Thousands_of_deliveries_published_on_both_hosts_each_arrive_exactly_once()
    {
        var perHost = await DeliveryLoad.RunAsync(cluster.Hosts, subscriptions: 3, events: 1000, output);

        Assert.True(perHost.Count == 2 && perHost.Values.All(sent => sent > 0),
            $"Both hosts should have sent deliveries: {string.Join(", ", perHost.Select(h => $"{h.Key}={h.Value}"))}");
    }

    [Fact]
    public async Task Maintenance_jobs_fire_once_per_period_across_the_cluster()
    {
        var schedulers = cluster.Hosts.Select(h => h.Services.GetRequiredService<IScheduler>()).ToList();
        var metadata = await Task.WhenAll(schedulers.Select(s => s.GetMetadata().AsTask()));
        Assert.All(metadata, m => Assert.True(m.JobStoreClustered, $"{m.SchedulerName} is not clustered."));
        Assert.Equal(schedulers.Count, metadata.Select(m => m.SchedulerInstanceId).Distinct().Count());
        for (var i = 0; i < schedulers.Count; i++)
            Assert.NotNull(schedulers[i].ListenerManager.GetJobListener(JobExecutionRecorder.NameFor(PostgresCluster.HostName(i))));

        var wait = cluster.AllStartedAt + Observation - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait);
        // Whichever node wins the trigger tends to keep it; standing A by hands it to B, which proves B takes part
        // (and that its executions are seen) before both compete again.
        await schedulers[0].Standby();
        try
        {
            await WaitForNotificationOnAsync("B", TimeSpan.FromSeconds(5));
        }
        finally
        {
            await schedulers[0].Start();
        }

        await Task.Delay(TimeSpan.FromSeconds(2 * PostgresCluster.PollSeconds));

        var executions = cluster.Executions.ToList();
        var summary = Describe(executions);
        output.WriteLine($"Maintenance job executions:\n{summary}");

        var twice = executions.GroupBy(e => (e.Job, e.ScheduledFireTime)).Where(g => g.Count() > 1).ToList();
        Assert.True(twice.Count == 0, $"Executed more than once for one scheduled time:\n{Describe(twice.SelectMany(g => g))}");

        var notifications = executions.Where(e => e.Job.Equals(NotificationJob.Key))
            .Select(e => e.ScheduledFireTime).Order().ToList();
        Assert.True(notifications.Count >= 3, $"Expected the notification job at least 3 times:\n{summary}");
        // Once per period: a node that re-declares the trigger must not add firings in between.
        var gaps = notifications.Zip(notifications.Skip(1), (a, b) => b - a).ToList();
        Assert.True(gaps.All(g => g >= TimeSpan.FromSeconds(PostgresCluster.PollSeconds) - TimeSpan.FromMilliseconds(1)),
            $"The notification job fired more than once per {PostgresCluster.PollSeconds} s period:\n{summary}");
    }

    private async Task WaitForNotificationOnAsync(string host, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !cluster.Executions.Any(e => e.Host == host && e.Job.Equals(NotificationJob.Key)))
            await Task.Delay(100);
        Assert.True(cluster.Executions.Any(e => e.Host == host && e.Job.Equals(NotificationJob.Key)),
            $"Host {host} never ran the notification job while the other node stood by ({timeout.TotalSeconds:0} s):\n" +
            Describe(cluster.Executions));
    }

    private static string Describe(IEnumerable<JobExecution> executions) =>
        string.Join("\n", executions.OrderBy(e => e.ScheduledFireTime).Select(e =>
            $"  {e.Job} scheduled {e.ScheduledFireTime:HH:mm:ss.fff} fired {e.FireTime:HH:mm:ss.fff} on {e.Host} ({e.InstanceId})"));
}

/// <summary>The same load on one PostgreSQL host: the baseline for the two-host throughput.</summary>
public sealed class SingleHostLoadTests(OnePostgresHost cluster, ITestOutputHelper output) : IClassFixture<OnePostgresHost>
{
    [Fact]
    public async Task Thousands_of_deliveries_on_one_host_each_arrive_exactly_once()
    {
        var perHost = await DeliveryLoad.RunAsync(cluster.Hosts, subscriptions: 3, events: 1000, output);

        Assert.Equal(["A"], perHost.Keys);
    }
}
