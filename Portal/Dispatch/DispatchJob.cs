using Quartz;

namespace Portal.Dispatch;

/// <summary>Runs this host's dispatcher loop. Lives on the host-local scheduler so every host dispatches; the
/// trigger only restarts the loop should it ever end.</summary>
[DisallowConcurrentExecution]
public sealed class DispatchJob(DeliveryDispatcher dispatcher, IHostApplicationLifetime lifetime) : IJob
{
    public static readonly JobKey Key = new("dispatch", "delivery");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        await dispatcher.RunAsync(stopping.Token);
    }
}
