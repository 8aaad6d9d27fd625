using System.Globalization;
using MudBlazor;

namespace Portal.Features.Dashboard;

public partial class DashboardPage
{
    private const int RecentCount = 6;
    private DashboardStats? _stats;
    private IReadOnlyList<RecentDelivery> _recent = [];
    private bool _week;

    /// <summary>The range the toggle chose: the subtitle, the cards and the chart follow it.</summary>
    private string Range => _week ? "7 days" : "24 h";

    protected override async Task OnInitializedAsync()
    {
        _stats = await Query.LoadAsync(_week);
        if (_stats.TotalSubscriptions > 0)
            _recent = await Query.LoadRecentDeliveriesAsync(RecentCount);
    }

    private async Task RangeChangedAsync(bool week)
    {
        _week = week;
        _stats = await Query.LoadAsync(_week);
    }

    private static string Format(int value) => value.ToString("N0", CultureInfo.CurrentCulture);

    private string DeliveriesCaption => _stats is { InFlight: > 0 } s
        ? $"Last {Range} · {Format(s.InFlight)} in progress"
        : $"Created · last {Range}";

    private string SuccessRateText => _stats?.SuccessRate is { } rate
        ? rate.ToString("0.#%", CultureInfo.CurrentCulture)
        : "—";

    private string SuccessCaption => _stats?.SuccessRate is null
        ? "No finished deliveries yet"
        : $"{Format(_stats.Succeeded)} of {Format(_stats.Succeeded + _stats.Failed)} finished";

    private string SuccessTone => _stats?.SuccessRate switch
    {
        null => "neutral",
        >= 0.99 => "success",
        >= 0.9 => "warning",
        _ => "error",
    };

    private Color SuccessColor => SuccessTone switch
    {
        "success" => Color.Success,
        "warning" => Color.Warning,
        "error" => Color.Error,
        _ => Color.Default,
    };
}
