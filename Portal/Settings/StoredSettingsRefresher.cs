using Microsoft.Extensions.Options;
using Portal.Data;

namespace Portal.Settings;

/// <summary>The <c>Settings</c> section.</summary>
public sealed class StoredSettingsOptions
{
    public const string Section = "Settings";

    /// <summary>How often every host re-reads the stored settings (another host's save is seen within it).</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Loads the stored settings before the other background services start (hosted services start in
/// registration order), then re-reads them every <see cref="StoredSettingsOptions.RefreshInterval"/>.</summary>
public sealed class StoredSettingsRefresher(
    StoredSettings settings,
    IServiceScopeFactory scopes,
    IOptions<StoredSettingsOptions> options,
    TimeProvider clock,
    ILogger<StoredSettingsRefresher> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not refresh the stored settings; keeping the last ones.");
            }
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await settings.RefreshAsync(scope.ServiceProvider.GetRequiredService<PortalDbContext>(), cancellationToken);
    }
}
