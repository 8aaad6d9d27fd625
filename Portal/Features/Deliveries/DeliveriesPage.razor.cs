using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Deliveries;

namespace Portal.Features.Deliveries;

/// <summary>Read-only list for now; filters, attempts and retrigger come with the deliveries issue.</summary>
public partial class DeliveriesPage
{
    private const int Limit = 50;
    private List<DeliveryRow>? _rows;

    private static readonly Dictionary<string, object> TableLabel = new() { ["aria-label"] = "Deliveries" };

    [Inject]
    private IDbContextFactory<PortalDbContext> DbFactory { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        _rows = await (
                from d in db.Deliveries
                join e in db.Events on d.EventId equals e.Id
                join s in db.Subscriptions on d.SubscriptionId equals s.Id
                orderby d.CreatedAt descending
                select new DeliveryRow(d.Id, d.Status, e.Type, s.Name, d.AttemptCount, d.LastResponseCode, d.CreatedAt))
            .Take(Limit)
            .ToListAsync();
    }

    private sealed record DeliveryRow(
        Guid Id,
        DeliveryStatus Status,
        string EventType,
        string Subscription,
        int AttemptCount,
        int? LastResponseCode,
        DateTimeOffset CreatedAt);
}
