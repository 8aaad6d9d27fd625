using Quartz;

namespace Portal.Jobs;

/// <summary>Declares the maintenance jobs' cron triggers once this node's scheduler runs, without disturbing a trigger
/// another node of the cluster already declared. Quartz's own start-up declaration replaces an existing trigger and
/// recomputes its next fire time from the trigger's start time — taken when this node built it, often a moment
/// before — so a period another node had just fired could fire again: the two-host test saw one notification period
/// run twice on a loaded machine. Here a trigger is only scheduled when it is missing or its cron changed
/// (configuration), and then it starts now, so no period that has passed can come back.</summary>
public sealed class MaintenanceSchedule(ISchedulerFactory schedulers, IEnumerable<MaintenanceSchedule.Entry> entries,
    ILogger<MaintenanceSchedule> logger) : IHostedService
{
    public sealed record Entry(TriggerKey Trigger, JobKey Job, string Cron);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        foreach (var entry in entries)
        {
            var existing = await scheduler.GetTrigger(entry.Trigger, cancellationToken);
            if (existing is ICronTrigger cron && cron.CronExpressionString == entry.Cron && cron.JobKey.Equals(entry.Job))
                continue;
            var trigger = TriggerBuilder.Create().WithIdentity(entry.Trigger).ForJob(entry.Job)
                .WithCronSchedule(entry.Cron).StartNow().Build();
            try
            {
                if (existing is null)
                    await scheduler.ScheduleJob(trigger, cancellationToken: cancellationToken);
                else
                    await scheduler.RescheduleJob(entry.Trigger, trigger, cancellationToken);
                logger.LogInformation("Maintenance trigger {Trigger} scheduled: {Cron}.", entry.Trigger, entry.Cron);
            }
            catch (ObjectAlreadyExistsException)
            {
                // Another node declared it at the same moment: it is there, with the same configuration.
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
