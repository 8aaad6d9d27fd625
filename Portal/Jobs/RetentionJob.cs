using Portal.Dispatch;
using Quartz;

namespace Portal.Jobs;

/// <summary>Purges finished deliveries, their attempts and old events past the retention age (once per cluster).</summary>
[DisallowConcurrentExecution]
public sealed class RetentionJob(RetentionService retention) : IJob
{
    public static readonly JobKey Key = new("retention", "maintenance");
    public static readonly TriggerKey Trigger = new("retention", "maintenance");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await retention.PurgeAsync(cancellationToken);
}
