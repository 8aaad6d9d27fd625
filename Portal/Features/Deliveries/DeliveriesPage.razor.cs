using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using Portal.Common;
using Portal.Components.Shared;
using Portal.Data;
using Portal.Identity;

namespace Portal.Features.Deliveries;

/// <summary>The history: server-side paging (only one page is read), filters, row → attempt timeline, retrigger.
/// The current page refreshes every few seconds so retriggered attempts show up without a reload.</summary>
public partial class DeliveriesPage
{
    public const int PageSize = 25;
    private static readonly int[] PageSizes = [25, 50, 100];
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);
    private static readonly Dictionary<string, object> TableLabel = new() { ["aria-label"] = "Deliveries" };

    private readonly CancellationTokenSource _stop = new();
    private MudTable<DeliveryHistoryRow>? _table;
    private DeliveryFilter _filter = new();
    private IReadOnlyList<FilterOption<Guid>> _subscriptions = [];
    private IReadOnlyList<string> _eventTypes = [];

    [Inject] private DeliveryHistoryQuery History { get; set; } = default!;
    [Inject] private IServiceScopeFactory Scopes { get; set; } = default!;
    [Inject] private CurrentUser User { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    /// <summary>The endpoint page links here filtered: ?subscription={id}&amp;status=Exhausted.</summary>
    [SupplyParameterFromQuery(Name = "subscription")]
    public Guid? SubscriptionQuery { get; set; }

    [SupplyParameterFromQuery(Name = "status")]
    public string? StatusQuery { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _filter = new DeliveryFilter(
            Enum.TryParse<Domain.Deliveries.DeliveryStatus>(StatusQuery, ignoreCase: true, out var status) ? status : null,
            SubscriptionQuery);
        var options = await History.FilterOptionsAsync();
        _subscriptions = options.Subscriptions;
        _eventTypes = options.EventTypes;
        _ = LiveRefresh.RunAsync(RefreshInterval, () => InvokeAsync(ReloadAsync), _stop.Token);
    }

    private async Task<TableData<DeliveryHistoryRow>> LoadPageAsync(TableState state, CancellationToken cancellationToken)
    {
        var page = await History.PageAsync(_filter, state.Page, state.PageSize, cancellationToken);
        return new TableData<DeliveryHistoryRow> { Items = page.Rows, TotalItems = page.Total };
    }

    private async Task FilterChangedAsync(DeliveryFilter filter)
    {
        _filter = filter;
        if (_table is not null)
            await _table.ReloadServerData();
    }

    private async Task ReloadAsync()
    {
        if (_table is not null)
            await _table.ReloadServerData();
    }

    private async Task RetriggerAsync(DeliveryHistoryRow row)
    {
        var result = await Scopes.RunAsync<RetriggerDelivery, Result<Guid>>(User, r => r.ExecuteAsync(row.Id));
        if (result.Error is { } error)
            Snackbar.Add(error.Message, Severity.Error);
        else
            Snackbar.Add($"Retriggered: {row.EventType} goes to {row.Subscription} again now.", Severity.Success);
        await ReloadAsync();
    }

    private async Task OpenAsync(TableRowClickEventArgs<DeliveryHistoryRow> click)
    {
        if (click.Item is { } row)
        {
            await AttemptTimelineDialog.ShowAsync(Dialogs, row.Id, $"{row.EventType} → {row.Subscription}");
            await ReloadAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Cancelled, not disposed: background loops may still read the token once after the component is gone.
        await _stop.CancelAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>A choice in a filter drop-down.</summary>
public sealed record FilterOption<T>(T Value, string Text);
