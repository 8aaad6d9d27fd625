using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Admin.Health;
using Portal.Jobs;
using Portal.Tests.Infrastructure;
using Quartz;

namespace Portal.Tests.Integration.Admin;

/// <summary>On PostgreSQL the maintenance scheduler is clustered: its nodes come from QRTZ_SCHEDULER_STATE.</summary>
[Collection(PostgresHostCollection.Name)]
public sealed class ClusteredSchedulerStatusTests(PostgresHost host)
{
    [Fact]
    public async Task The_clustered_store_lists_this_node_with_a_recent_check_in_and_the_jobs_last_runs()
    {
        var scheduler = await host.Factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.TriggerJob(RetentionJob.Key);
        var query = host.Factory.Services.GetRequiredService<SystemHealthMonitor>();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var status = await query.SchedulerAsync();
        while (status.Jobs.Single(j => j.Job == RetentionJob.Key.Name).LastRun is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            status = await query.SchedulerAsync();
        }

        Assert.True(status.Clustered);
        var node = Assert.Single(status.Nodes, n => n.IsThisHost);
        Assert.Equal(scheduler.SchedulerInstanceId, node.InstanceId);
        Assert.InRange(node.LastCheckIn!.Value, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.NotNull(status.Jobs.Single(j => j.Job == NotificationJob.Key.Name).NextRun);
        var run = status.Jobs.Single(j => j.Job == RetentionJob.Key.Name).LastRun;
        Assert.NotNull(run);
        Assert.True(run.Succeeded);
        Assert.Equal(scheduler.SchedulerInstanceId, run.Node);
    }
}
