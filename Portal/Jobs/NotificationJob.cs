using Portal.Notifications;
using Quartz;

namespace Portal.Jobs;

/// <summary>Sends due failure e-mail from the outbox (once per cluster).</summary>
[DisallowConcurrentExecution]
public sealed class NotificationJob(NotificationService notifications) : IJob
{
    public static readonly JobKey Key = new("send-notifications", "maintenance");
    public static readonly TriggerKey Trigger = new("send-notifications", "maintenance");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await notifications.SendDueAsync(batchSize: 50, cancellationToken);
}
