using Quartz;

namespace Portal.Features.Deliveries;

/// <summary>Runs one bulk retrigger request (triggered on demand with its id).</summary>
public sealed class BulkRetriggerJob(BulkRetriggerRunner runner) : IJob
{
    public static readonly JobKey Key = new("bulk-retrigger", "delivery");
    public const string RequestIdKey = "requestId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(context.MergedJobDataMap.GetString(RequestIdKey), out var id))
            await runner.RunAsync(id, cancellationToken);
    }
}
