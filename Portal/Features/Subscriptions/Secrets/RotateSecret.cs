using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Common;
using Portal.Data;
using Portal.Dispatch;
using Portal.Domain.Audit;
using Portal.Domain.Dispatch;
using Portal.Features.Audit;
using Portal.Secrets;

namespace Portal.Features.Subscriptions.Secrets;

public sealed record RotatedSecret(string Secret, DateTimeOffset? PreviousValidUntil);

/// <summary>Gives a subscription a new signing secret (<see cref="Domain.Subscriptions.Subscription.RotateSecret"/>
/// decides how long the previous one keeps signing) and records it in the audit log.</summary>
public sealed class RotateSecret(PortalDbContext db, SecretProtector protector, IOptionsMonitor<DeliveryOptions> options,
    AuditTrail audit, TimeProvider clock)
{
    public async Task<Result<RotatedSecret>> ExecuteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var subscription = await db.Subscriptions.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (subscription is null)
            return Error.NotFound("Subscription not found.");
        var scheme = subscription.Signing.Scheme;
        if (SigningSecret.Generate(scheme) is not { } secret)
            return Error.Validation("signing", "Only standard-webhooks and hmac-sha256 subscriptions have a secret to rotate.");

        var until = subscription.RotateSecret(protector.Protect(secret), options.CurrentValue.SecretRotationGracePeriod,
            clock.GetUtcNow());
        audit.Record(AuditActions.SubscriptionSecretRotated, AuditTargets.Subscription, subscription.Id.ToString(), subscription.Name,
            until is { } end
                ? $"New {ApiNames.Of(scheme)} secret; the previous one signs until {end.UtcDateTime:yyyy-MM-dd HH:mm} UTC."
                : $"New {ApiNames.Of(scheme)} secret; the previous one stopped at once.");
        await db.SaveChangesAsync(cancellationToken);
        return new RotatedSecret(secret, until);
    }
}
