using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Portal.Dispatch;

/// <summary>/health: is this host's dispatcher loop alive? Degraded (not unhealthy) when it has not gone round for a
/// while, since a loop can legitimately wait for busy send slots.</summary>
public sealed class DispatcherHealthCheck(DeliveryDispatcher dispatcher, TimeProvider clock) : IHealthCheck
{
    private static readonly TimeSpan StartupGrace = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Stale = TimeSpan.FromMinutes(5);
    private readonly DateTimeOffset _createdAt = clock.GetUtcNow();

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        if (!dispatcher.IsRunning)
        {
            return Task.FromResult(now - _createdAt < StartupGrace
                ? HealthCheckResult.Healthy("The dispatcher is starting.")
                : HealthCheckResult.Unhealthy("The dispatcher loop is not running."));
        }

        return Task.FromResult(dispatcher.LastLoopAt is { } last && now - last > Stale
            ? HealthCheckResult.Degraded($"The dispatcher has not gone round since {last:u}.")
            : HealthCheckResult.Healthy("The dispatcher is running."));
    }
}
