using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Domain.Dispatch;
using Portal.Features.Admin.Dispatcher;
using Portal.Features.Deliveries;
using Portal.Features.Publishing;
using Portal.Features.Subscriptions;
using Portal.Jobs;
using Portal.Notifications;
using Portal.Settings;
using Portal.Shaping;
using Quartz;

namespace Portal.Dispatch;

public static class DeliveryExtensions
{
    public const string HttpClientName = "webhooks";
    private const string LocalScheduler = "portal-dispatch";

    /// <summary>Publishing, the dispatcher (on a host-local scheduler: every host dispatches) and the maintenance
    /// jobs (on the default scheduler: clustered AdoJobStore on PostgreSQL/SQL Server, so they run once per
    /// cluster; in memory on SQLite, which is single-host).</summary>
    public static IHostApplicationBuilder AddDelivery(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddStoredSettingsStore(builder.Configuration);
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddDispatcherSettings();
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<IRandomSource>(SharedRandomSource.Instance);
        services.AddSingleton<DispatchSignal>();
        services.AddMetrics();
        services.AddSingleton<PortalMetrics>();
        services.AddSingleton<SsrfGuard>();
        services.AddSingleton<SecretProtector>();
        services.AddSingleton<PlatformSecrets>();
        services.AddSingleton<PlatformKeyStore>();
        services.AddShaping();
        services.AddSingleton<DeliverySender>();
        services.AddSingleton<DeliveryDispatcher>();
        services.AddSingleton<LiveHosts>();
        services.AddSingleton<DispatcherHealthCheck>();
        services.AddHealthChecks().AddCheck<DispatcherHealthCheck>("dispatcher");
        services.AddScoped<DeliveryClaimer>();
        services.AddScoped<DeliveryRecorder>();
        services.AddPublishing();
        services.AddScoped<RetriggerDelivery>();
        services.AddScoped<StartBulkRetrigger>();
        services.AddScoped<BulkRetriggerRunner>();
        services.AddSubscriptionFeatures();
        services.AddScoped<RetentionService>();
        services.AddScoped<NotificationService>();
        services.AddSingleton<OperationalEvents>();
        services.AddSingleton<OperationalEventQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<OperationalEventQueue>());
        services.AddSingleton<SmtpEmailSender>();

        services.AddHttpClient(HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectCallback = sp.GetRequiredService<SsrfGuard>().ConnectAsync,
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                MaxConnectionsPerServer = sp.GetRequiredService<IOptionsMonitor<DeliveryOptions>>().CurrentValue.MaxConcurrency,
                // traceparent (W3C) of the attempt's span to the receiver, unless Delivery:SendTraceParent is off.
                ActivityHeadersPropagator = sp.GetRequiredService<IOptionsMonitor<DeliveryOptions>>().CurrentValue.SendTraceParent
                    ? System.Diagnostics.DistributedContextPropagator.CreateW3CPropagator()
                    : System.Diagnostics.DistributedContextPropagator.CreateNoOutputPropagator(),
            })
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan); // per-subscription timeout instead

        services.AddQuartz(LocalScheduler, q =>
        {
            q.UseInMemoryStore();
            q.AddJob<DispatchJob>(j => j.WithIdentity(DispatchJob.Key));
            q.AddTrigger(t => t.ForJob(DispatchJob.Key).WithIdentity("dispatch-watchdog", "delivery")
                .StartNow().WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(10)).RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
        });

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
            switch (database.Provider)
            {
                case DatabaseProvider.Postgres:
                    q.UsePersistentStore(s =>
                    {
                        s.UsePostgres(connectionString!);
                        s.UseClustering();
                        s.UseSystemTextJsonSerializer();
                        s.ProvisionSchema();
                    });
                    break;
                case DatabaseProvider.SqlServer:
                    q.UsePersistentStore(s =>
                    {
                        s.UseSqlServer(connectionString!);
                        s.UseClustering();
                        s.UseSystemTextJsonSerializer();
                        s.ProvisionSchema();
                    });
                    break;
                default:
                    q.UseInMemoryStore();
                    break;
            }

            q.AddJobListener<JobRunListener>([Matchers.AllJobs()]);

            // The jobs are declared here; their cron triggers by MaintenanceSchedule once the scheduler runs, so that
            // a node joining the cluster never re-declares a trigger another node is firing (a re-declared trigger
            // could fire a period twice).
            q.AddJob<NotificationJob>(j => j.WithIdentity(NotificationJob.Key).StoreDurably());
            q.AddJob<BulkRetriggerJob>(j => j.WithIdentity(BulkRetriggerJob.Key).StoreDurably());
            q.AddJob<RetentionJob>(j => j.WithIdentity(RetentionJob.Key).StoreDurably());
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        services.AddSingleton(new MaintenanceSchedule.Entry(NotificationJob.Trigger, NotificationJob.Key, smtp.PollCron));
        services.AddSingleton(new MaintenanceSchedule.Entry(RetentionJob.Trigger, RetentionJob.Key, "0 17 * * * ?"));
        services.AddHostedService<MaintenanceSchedule>(); // after the Quartz hosted service: the scheduler runs
        return builder;
    }
}
