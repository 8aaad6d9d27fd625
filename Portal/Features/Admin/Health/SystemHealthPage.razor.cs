using System.Data.Common;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using Portal.Components.Shared;
using Portal.Data;
using Portal.Dispatch;

namespace Portal.Features.Admin.Health;

public partial class SystemHealthPage
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource _leaving = new();
    private QueueFigures? _queue;
    private IReadOnlyList<ThroughputPoint>? _throughput;
    private SchedulerStatus? _scheduler;
    private string? _error;

    [Inject] private SystemHealthMonitor Monitor { get; set; } = default!;
    [Inject] private DeliveryDispatcher Dispatcher { get; set; } = default!;
    [Inject] private IOptions<DatabaseOptions> Database { get; set; } = default!;

    private string DatabaseProvider => Database.Value.Provider switch
    {
        Data.DatabaseProvider.Sqlite => "SQLite",
        Data.DatabaseProvider.SqlServer => "SQL Server",
        Data.DatabaseProvider.Postgres => "PostgreSQL",
        var other => other.ToString(),
    };

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        _ = LiveRefresh.RunAsync(RefreshEvery, async () => { await LoadAsync(); await InvokeAsync(StateHasChanged); }, _leaving.Token);
    }

    private async Task LoadAsync()
    {
        try
        {
            _queue = await Monitor.QueueAsync(_leaving.Token);
            _throughput = await Monitor.ThroughputAsync(_leaving.Token);
            _scheduler = await Monitor.SchedulerAsync(_leaving.Token);
            _error = null;
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
        {
            _error = e.Message; // keep showing the last figures
        }
    }

    public void Dispose()
    {
        _leaving.Cancel();
        _leaving.Dispose();
        GC.SuppressFinalize(this);
    }
}
