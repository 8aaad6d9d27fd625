using Microsoft.Extensions.Options;
using Portal.Domain.Dispatch;
using Quartz;

namespace Portal.Dispatch;

public static class DeliveryExtensions
{
    public const string HttpClientName = "webhooks";
    private const string LocalScheduler = "portal-dispatch";

    /// <summary>The delivery engine: claim, send, record, on a host-local scheduler (every host dispatches), and the
    /// retention service the maintenance jobs run. Publishing, the maintenance jobs and the features register
    /// themselves (Program.cs).</summary>
    public static IHostApplicationBuilder AddDelivery(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<IRandomSource>(SharedRandomSource.Instance);
        services.AddSingleton<DispatchSignal>();
        services.AddMetrics();
        services.AddSingleton<PortalMetrics>();
        services.AddSingleton<SsrfGuard>();
        services.AddSingleton<DeliverySender>();
        services.AddSingleton<DeliveryDispatcher>();
        services.AddSingleton<LiveHosts>();
        services.AddSingleton<DispatcherHealthCheck>();
        services.AddHealthChecks().AddCheck<DispatcherHealthCheck>("dispatcher");
        services.AddScoped<DeliveryClaimer>();
        services.AddScoped<DeliveryRecorder>();
        services.AddScoped<RetentionService>();
        services.AddSingleton<OperationalEvents>();
        services.AddSingleton<OperationalEventQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<OperationalEventQueue>());

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

        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return builder;
    }
}
