using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Subscriptions;
using Portal.Features.Subscriptions.Endpoint;

namespace Portal.Features.Subscriptions.List;

/// <summary>A row of the subscriptions list: what Akuiteo's webhook screen shows, plus state and event types.</summary>
public sealed record SubscriptionListRow(
    Guid Id,
    string Name,
    string HttpMethod,
    string Url,
    IReadOnlyList<string> EventTypes,
    SubscriptionState State,
    string? DisabledReason,
    int? LatestResponseCode,
    EndpointFigures Figures)
{
    /// <summary>When it was paused or disabled (a recover offers "since then").</summary>
    public DateTimeOffset? StateChangedAt { get; init; }

    /// <summary>Event types of this subscription that the catalogue has archived (no longer published).</summary>
    public IReadOnlyList<string> ArchivedEventTypes { get; init; } = [];

    /// <summary>A row is the same row while it shows the same subscription: MudTable keys its rows by item
    /// (<c>@key</c>), so with value equality every live refresh (new figures) re-created each row and closed a row's
    /// open actions menu under the user's pointer.</summary>
    public bool Equals(SubscriptionListRow? other) => other is not null && other.Id == Id;

    public override int GetHashCode() => Id.GetHashCode();
}

/// <summary>The signed-in tenant's subscriptions (tenant filter), by name, with the figures of the endpoint page's
/// default window (deliveries by outcome over the last 24 h, attempts apart).</summary>
public sealed class SubscriptionListQuery(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public async Task<List<SubscriptionListRow>> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Subscriptions.AsNoTracking()
            .OrderBy(s => s.Name)
            .Select(s => new
            {
                s.Id, s.Name, s.HttpMethod, s.Url, Types = s.EventTypes.Select(e => e.Name).ToList(), s.State,
                s.DisabledReason, s.Stats.LatestResponseCode, s.StateChangedAt,
            })
            .ToListAsync(cancellationToken);
        var archived = (await db.EventTypes.AsNoTracking().Where(t => t.IsArchived).Select(t => t.Name)
            .ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var figures = await EndpointTotals.CountAsync(db, FigureWindow.Of(clock.GetUtcNow(), week: false), cancellationToken: cancellationToken);
        return rows.Select(s => new SubscriptionListRow(s.Id, s.Name, s.HttpMethod, s.Url, s.Types.Order().ToList(),
            s.State, s.DisabledReason, s.LatestResponseCode, figures.Of(s.Id))
        {
            ArchivedEventTypes = [.. s.Types.Where(archived.Contains).Order()],
            StateChangedAt = s.StateChangedAt,
        }).ToList();
    }
}
