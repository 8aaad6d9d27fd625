using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;
using Portal.Components.Shared;
using Portal.Domain.Subscriptions;
using Portal.Features.Subscriptions.Editor;
using Portal.Notifications;

namespace Portal.Features.Subscriptions.List;

/// <summary>The webhook screen: rows refresh every few seconds so stats follow deliveries live.</summary>
public partial class SubscriptionsPage
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(4);
    private static readonly Dictionary<string, object> TableLabel = new() { ["aria-label"] = "Subscriptions" };

    private readonly CancellationTokenSource _stop = new();
    private List<SubscriptionListRow>? _rows;

    [Inject]
    private SubscriptionListQuery Query { get; set; } = default!;

    [Inject]
    private IOptionsMonitor<QuotaOptions> Quotas { get; set; } = default!;

    /// <summary>The tenant's subscriptions against its cap (the list holds them all).</summary>
    private SubscriptionUsage? Usage => _rows is null ? null : new(_rows.Count, Quotas.CurrentValue.MaxSubscriptionsPerTenant);

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        _ = LiveRefresh.RunAsync(RefreshInterval, () => InvokeAsync(ReloadAsync), _stop.Token);
    }

    private async Task LoadAsync()
    {
        _rows = await Query.LoadAsync(_stop.Token);
    }

    private async Task ReloadAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    private static string Rate(Endpoint.EndpointFigures figures) =>
        figures.SuccessRate is { } rate ? rate.ToString("0.#%", System.Globalization.CultureInfo.CurrentCulture) : "—";

    /// <summary>Archived event types any subscription still uses, for the warning above the table.</summary>
    private IReadOnlyList<string> ArchivedInUse =>
        [.. (_rows ?? []).SelectMany(r => r.ArchivedEventTypes).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    public async ValueTask DisposeAsync()
    {
        // Cancelled, not disposed: background loops may still read the token once after the component is gone.
        await _stop.CancelAsync();
        GC.SuppressFinalize(this);
    }
}
