using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using Portal.Data;
using Portal.Domain.Subscriptions;

namespace Portal.Features.Subscriptions;

/// <summary>Read-only list for now; creating and editing subscriptions comes with the subscriptions issue.</summary>
public partial class SubscriptionsPage
{
    private List<SubscriptionRow>? _rows;

    private static readonly Dictionary<string, object> TableLabel = new() { ["aria-label"] = "Subscriptions" };

    [Inject]
    private IDbContextFactory<PortalDbContext> DbFactory { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        _rows = await db.Subscriptions
            .OrderBy(s => s.Name)
            .Select(s => new SubscriptionRow(
                s.Id, s.Name, s.HttpMethod, s.Url, s.EventTypes.Select(e => e.Name).OrderBy(n => n).ToList(),
                s.State, s.DisabledReason, s.Stats.LatestResponseCode))
            .ToListAsync();
    }

    private static Color StateColor(SubscriptionState state) => state switch
    {
        SubscriptionState.Active => Color.Success,
        SubscriptionState.Paused => Color.Warning,
        _ => Color.Error,
    };

    private sealed record SubscriptionRow(
        Guid Id,
        string Name,
        string HttpMethod,
        string Url,
        List<string> EventTypes,
        SubscriptionState State,
        string? DisabledReason,
        int? LatestResponseCode);
}
