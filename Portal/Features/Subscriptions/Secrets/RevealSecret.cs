using Microsoft.EntityFrameworkCore;
using Portal.Common;
using Portal.Data;
using Portal.Secrets;

namespace Portal.Features.Subscriptions.Secrets;

/// <summary>Shows a subscription's current signing secret (the tenant's own: the tenant filter applies).</summary>
public sealed class RevealSecret(PortalDbContext db, SecretProtector protector)
{
    public async Task<Result<string>> ExecuteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var subscription = await db.Subscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (subscription is null)
            return Error.NotFound("Subscription not found.");
        return subscription.Signing.ProtectedSecret is { } secret
            ? protector.Unprotect(secret)
            : Error.Validation("signing", "This subscription's signing scheme has no secret.");
    }
}
