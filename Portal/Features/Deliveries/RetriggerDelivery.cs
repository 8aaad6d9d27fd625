using Microsoft.EntityFrameworkCore;
using Portal.Common;
using Portal.Data;
using Portal.Dispatch;
using Portal.Identity;

namespace Portal.Features.Deliveries;

/// <summary>One-click retrigger: the delivery becomes due now as a new, manual attempt with the same webhook-id.
/// Allowed whatever its status; another tenant's delivery is simply not found (tenant filter).</summary>
public sealed class RetriggerDelivery(PortalDbContext db, CurrentUser user, DispatchSignal signal, TimeProvider clock)
{
    public async Task<Result<Guid>> ExecuteAsync(Guid deliveryId, CancellationToken cancellationToken = default)
    {
        var delivery = await db.Deliveries.FirstOrDefaultAsync(d => d.Id == deliveryId, cancellationToken);
        if (delivery is null)
            return Error.NotFound("Delivery not found.");

        delivery.Retrigger(user.Name ?? "unknown user", clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        signal.Wake();
        return delivery.Id;
    }
}
