using System.ComponentModel.DataAnnotations;
using Portal.Data;
using Portal.Dispatch;
using Portal.Features.Deliveries;
using Portal.Notifications;
using Quartz;

namespace Portal.Jobs;

public static class JobsExtensions
{
    /// <summary>The maintenance jobs on the default scheduler: clustered AdoJobStore on PostgreSQL/SQL Server, so they
    /// run once per cluster; in memory on SQLite, which is single-host. After <see cref="DeliveryExtensions.AddDelivery"/>,
    /// which starts Quartz: <see cref="MaintenanceSchedule"/> needs the scheduler running.</summary>
    public static IHostApplicationBuilder AddMaintenanceJobs(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = builder.Configuration.GetConnectionString("Portal");
        // The schedule is fixed when the triggers are declared, so the poll interval is read (and checked) here.
        var smtp = builder.Configuration.GetSection(SmtpOptions.Section).Get<SmtpOptions>() ?? new SmtpOptions();
        Validator.ValidateObject(smtp, new ValidationContext(smtp), validateAllProperties: true);
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = LiveHosts.SchedulerName;
                o.GenerateInstanceId = true; // unique per node, as clustering requires
                // A node that lost a trigger to another looks again within seconds (default 30 s), so a
                // maintenance job is taken over quickly when a node dies.
                o.IdleWaitTime = TimeSpan.FromSeconds(5);
            });
            if (database.Provider is DatabaseProvider.Postgres or DatabaseProvider.SqlServer)
            {
                q.UsePersistentStore(s =>
                {
                    if (database.Provider == DatabaseProvider.Postgres)
                        s.UsePostgres(connectionString!);
                    else
                        s.UseSqlServer(connectionString!);
                    s.UseClustering();
                    s.UseSystemTextJsonSerializer();
                    s.ProvisionSchema();
                });
            }
            else
            {
                q.UseInMemoryStore();
            }

            q.AddJobListener<JobRunListener>([Matchers.AllJobs()]);

            // The jobs are declared here; their cron triggers by MaintenanceSchedule once the scheduler runs, so that
            // a node joining the cluster never re-declares a trigger another node is firing (a re-declared trigger
            // could fire a period twice).
            q.AddJob<NotificationJob>(j => j.WithIdentity(NotificationJob.Key).StoreDurably());
            q.AddJob<BulkRetriggerJob>(j => j.WithIdentity(BulkRetriggerJob.Key).StoreDurably());
            q.AddJob<RetentionJob>(j => j.WithIdentity(RetentionJob.Key).StoreDurably());
        });
        services.AddSingleton(new MaintenanceSchedule.Entry(NotificationJob.Trigger, NotificationJob.Key, smtp.PollCron));
        services.AddSingleton(new MaintenanceSchedule.Entry(RetentionJob.Trigger, RetentionJob.Key, "0 17 * * * ?"));
        services.AddHostedService<MaintenanceSchedule>(); // after the Quartz hosted service: the scheduler runs
        return builder;
    }
}
