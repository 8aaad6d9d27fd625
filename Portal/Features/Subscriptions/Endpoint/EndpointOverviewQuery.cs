using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Deliveries;
using Portal.Domain.Subscriptions;

namespace Portal.Features.Subscriptions.Endpoint;

public sealed record EndpointHeader(
    Guid Id,
    string Name,
    string HttpMethod,
    string Url,
    SubscriptionState State,
    string? DisabledReason,
    DateTimeOffset? StateChangedAt,
    SigningScheme Scheme,
    IReadOnlyList<string> EventTypes,
    int? LatestResponseCode,
    int ConsecutiveFailures);

public sealed record EndpointDelivery(
    Guid Id,
    DateTimeOffset CreatedAt,
    string EventType,
    DeliveryStatus Status,
    int Attempts,
    int? LastResponseCode);

public sealed record EndpointOverview(
    EndpointHeader Header,
    EndpointFigures Figures,
    IReadOnlyList<OutcomeBucket> Buckets,
    IReadOnlyList<EndpointDelivery> Recent);

/// <summary>Everything the endpoint page shows, for one subscription of the signed-in tenant (the tenant filter
/// scopes every read). Counts are per bucket and per status (indexed on SubscriptionId, CreatedAt), so the cost does
/// not grow with the number of deliveries; latency reads at most <see cref="LatencySamples"/> recent attempts.</summary>
public sealed class EndpointOverviewQuery(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public const int LatencySamples = 5000;
    public const int RecentShown = 10;

    public async Task<EndpointOverview?> LoadAsync(Guid subscriptionId, bool week, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var header = await db.Subscriptions.AsNoTracking()
            .Where(s => s.Id == subscriptionId)
            .Select(s => new
            {
                s.Id, s.Name, s.HttpMethod, s.Url, s.State, s.DisabledReason, s.StateChangedAt, s.Signing.Scheme,
                Types = s.EventTypes.Select(e => e.Name).ToList(), s.Stats.LatestResponseCode, s.Stats.ConsecutiveFailures,
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (header is null)
            return null;

        var window = FigureWindow.Of(clock.GetUtcNow(), week);
        var deliveries = db.Deliveries.AsNoTracking().Where(d => d.SubscriptionId == subscriptionId);
        var buckets = new List<OutcomeBucket>(window.Buckets);
        for (var i = 0; i < window.Buckets; i++)
        {
            var from = window.Since + window.Step * i;
            var to = from + window.Step;
            var counts = await deliveries
                .Where(d => d.CreatedAt >= from && d.CreatedAt < to)
                .GroupBy(d => d.Status)
                .Select(g => new { Status = g.Key, Count = g.Count() })
                .ToListAsync(cancellationToken);
            int Of(params DeliveryStatus[] statuses) => counts.Where(c => statuses.Contains(c.Status)).Sum(c => c.Count);
            buckets.Add(new OutcomeBucket(from,
                week ? from.UtcDateTime.ToString("ddd d", CultureInfo.InvariantCulture) : from.UtcDateTime.ToString("HH':00'", CultureInfo.InvariantCulture),
                Of(DeliveryStatus.Succeeded), Of(DeliveryStatus.Exhausted), Of(DeliveryStatus.Pending, DeliveryStatus.Retrying)));
        }

        var totals = (await EndpointTotals.CountAsync(db, window, subscriptionId, cancellationToken)).Of(subscriptionId);
        var durations = await (
                from a in db.Attempts.AsNoTracking()
                join d in deliveries on a.DeliveryId equals d.Id
                where a.StartedAt >= window.Since && a.ResponseStatus != null
                orderby a.StartedAt descending
                select a.DurationMs)
            .Take(LatencySamples)
            .ToListAsync(cancellationToken);

        var recent = await (
                from d in deliveries
                join e in db.Events on d.EventId equals e.Id
                orderby d.CreatedAt descending
                select new EndpointDelivery(d.Id, d.CreatedAt, e.Type, d.Status, d.AttemptCount, d.LastResponseCode))
            .Take(RecentShown)
            .ToListAsync(cancellationToken);

        return new EndpointOverview(
            new EndpointHeader(header.Id, header.Name, header.HttpMethod, header.Url, header.State, header.DisabledReason,
                header.StateChangedAt, header.Scheme, [.. header.Types.Order(StringComparer.Ordinal)],
                header.LatestResponseCode, header.ConsecutiveFailures),
            totals with { Latency = LatencyPercentiles.Of(durations) },
            buckets,
            recent);
    }
}
