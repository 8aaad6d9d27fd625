using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Components.Shared;
using Portal.Domain.Subscriptions;
using Portal.Features.Subscriptions.List;

namespace Portal.Features.Subscriptions.Endpoint;

/// <summary>One endpoint at a glance (Stripe's and Svix's endpoint page): its honest numbers, a chart by outcome,
/// latency, recent deliveries with resend, the signing secret and a testing tab. Refreshes every few seconds.</summary>
public partial class SubscriptionPage
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(4);
    private readonly CancellationTokenSource _stop = new();
    private EndpointOverview? _overview;
    private bool _notFound;
    private bool _week;
    private bool _refreshing;

    [Parameter] public Guid Id { get; set; }

    [Inject] private EndpointOverviewQuery Query { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        await LoadAsync();
        if (!_refreshing)
        {
            _refreshing = true;
            _ = LiveRefresh.RunAsync(RefreshInterval, () => InvokeAsync(ReloadAsync), _stop.Token);
        }
    }

    private async Task LoadAsync()
    {
        _overview = await Query.LoadAsync(Id, _week, _stop.Token);
        _notFound = _overview is null;
    }

    private async Task ReloadAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    private async Task RangeChangedAsync(bool week)
    {
        _week = week;
        await LoadAsync();
    }

    /// <summary>The list's row actions (pause, resume, recover, send sample, log, delete) for this endpoint.</summary>
    private SubscriptionListRow ActionsRow
    {
        get
        {
            var h = _overview!.Header;
            return new SubscriptionListRow(h.Id, h.Name, h.HttpMethod, h.Url, h.EventTypes, h.State, h.DisabledReason,
                h.LatestResponseCode, _overview.Figures) { StateChangedAt = h.StateChangedAt };
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Cancelled, not disposed: the refresh loop may still read the token once after the component is gone.
        await _stop.CancelAsync();
        GC.SuppressFinalize(this);
    }
}
