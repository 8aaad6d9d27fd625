using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Jobs;
using Quartz;

namespace Portal.Features.Admin.Health;

/// <summary>The maintenance scheduler's nodes and jobs. A clustered AdoJobStore lists its live nodes in
/// QRTZ_SCHEDULER_STATE (check-in time in UTC ticks); the in-memory store (SQLite) is this host alone.</summary>
public sealed class SchedulerStatusQuery(PortalDbContext db, ISchedulerFactory schedulers)
{
    public async Task<SchedulerStatus> LoadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var meta = await scheduler.GetMetadata(cancellationToken);
        var nodes = meta.JobStoreClustered
            ? await ClusterNodesAsync(scheduler.SchedulerName, scheduler.SchedulerInstanceId, cancellationToken)
            : [new SchedulerNode(Environment.MachineName, now, IsThisHost: true)]; // the in-memory store's id is just NON_CLUSTERED

        var runs = (await db.PlatformSettings.AsNoTracking()
                .Where(s => s.Key.StartsWith(JobRunListener.KeyPrefix))
                .Select(s => new { s.Key, s.Value })
                .ToListAsync(cancellationToken))
            .ToDictionary(r => r.Key, r => JobRunListener.Parse(r.Value));
        var jobs = new List<JobStatus>();
        foreach (var key in (await scheduler.GetJobKeys(GroupMatcher<JobKey>.AnyGroup(), cancellationToken)).OrderBy(k => k.ToString()))
        {
            var triggers = await scheduler.GetTriggersOfJob(key, cancellationToken);
            var next = triggers.Select(t => t.NextFireTimeUtc).Where(t => t is not null).Min();
            jobs.Add(new JobStatus(key.Name, next, runs.GetValueOrDefault(JobRunListener.KeyFor(key))));
        }

        return new SchedulerStatus(meta.JobStoreClustered, nodes, jobs);
    }

    /// <summary>Unquoted: PostgreSQL folds to the lower-case names Quartz creates; SQL Server ignores case.</summary>
    internal const string ClusterNodesSql =
        "SELECT instance_name, last_checkin_time FROM qrtz_scheduler_state WHERE sched_name = @name ORDER BY instance_name";

    private async Task<IReadOnlyList<SchedulerNode>> ClusterNodesAsync(string schedulerName, string thisInstance,
        CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = ClusterNodesSql;
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@name";
            parameter.Value = schedulerName;
            command.Parameters.Add(parameter);
            var nodes = new List<SchedulerNode>();
            await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var instance = reader.GetString(0);
                var checkIn = new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero);
                nodes.Add(new SchedulerNode(instance, checkIn, instance == thisInstance));
            }

            return nodes;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
