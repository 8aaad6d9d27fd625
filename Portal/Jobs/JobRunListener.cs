using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Platform;
using Quartz;

namespace Portal.Jobs;

/// <summary>How a maintenance job's last run went, as the system health page shows it.</summary>
public sealed record JobRun(DateTimeOffset FiredAt, int DurationMs, bool Succeeded, string? Error, string Node);

/// <summary>Records each maintenance job's last run in a <see cref="PlatformSetting"/> row, so every node (a clustered
/// job runs on one of them) sees it; Quartz keeps the previous fire time but not the outcome.</summary>
public sealed class JobRunListener(IServiceScopeFactory scopes, TimeProvider clock, ILogger<JobRunListener> logger) : IJobListener
{
    public const string KeyPrefix = "jobs:last-run:";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "portal-job-runs";

    public static string KeyFor(JobKey job) => $"{KeyPrefix}{job.Group}.{job.Name}";

    public static JobRun? Parse(string json) => JsonSerializer.Deserialize<JobRun>(json, Json);

    public async ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException,
        CancellationToken cancellationToken = default)
    {
        var run = new JobRun(context.FireTimeUtc, (int)context.JobRunTime.TotalMilliseconds, jobException is null,
            jobException?.InnerException?.Message ?? jobException?.Message, context.Scheduler.SchedulerInstanceId);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var key = KeyFor(context.JobDetail.Key);
            await db.PlatformSettings.StageAsync(key, JsonSerializer.Serialize(run, Json), clock.GetUtcNow(), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or OperationCanceledException)
        {
            // Bookkeeping only: a lost record (two nodes' first runs racing on the insert, shutdown) is not worth failing the job.
            logger.LogDebug(e, "Could not record the run of job {Job}.", context.JobDetail.Key);
        }
    }
}
