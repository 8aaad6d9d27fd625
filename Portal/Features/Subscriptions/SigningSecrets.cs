using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Api;
using Portal.Common;
using Portal.Data;
using Portal.Dispatch;
using Portal.Domain.Audit;
using Portal.Domain.Dispatch;
using Portal.Domain.Subscriptions;
using Portal.Features.Audit;

namespace Portal.Features.Subscriptions;

public sealed record RotatedSecret(string Secret, DateTimeOffset? PreviousValidUntil);

/// <summary>Reveal and rotate a subscription's signing secret. During rotation the previous Standard Webhooks secret
/// keeps signing for the grace period, so receivers can switch without missing a message.</summary>
public sealed class SigningSecrets(PortalDbContext db, SecretProtector protector, IOptionsMonitor<DeliveryOptions> options, AuditTrail audit,
    TimeProvider clock)
{
    public async Task<Result<string>> RevealAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var subscription = await db.Subscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (subscription is null)
            return Error.NotFound("Subscription not found.");
        return subscription.Signing.ProtectedSecret is { } secret
            ? protector.Unprotect(secret)
            : Error.Validation("signing", "This subscription's signing scheme has no secret.");
    }

    public async Task<Result<RotatedSecret>> RotateAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var subscription = await db.Subscriptions.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (subscription is null)
            return Error.NotFound("Subscription not found.");
        var signing = subscription.Signing;
        var secret = signing.Scheme switch
        {
            SigningScheme.StandardWebhooks => StandardWebhookSecret.Generate(),
            SigningScheme.HmacSha256 => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            _ => null,
        };
        if (secret is null)
            return Error.Validation("signing", "Only standard-webhooks and hmac-sha256 subscriptions have a secret to rotate.");

        var now = clock.GetUtcNow();
        // Only Standard Webhooks can send two signatures; an hmac-sha256 receiver switches at once.
        var keepsPrevious = signing.Scheme == SigningScheme.StandardWebhooks && signing.ProtectedSecret is not null;
        var until = keepsPrevious ? now + options.CurrentValue.SecretRotationGracePeriod : (DateTimeOffset?)null;
        subscription.ConfigureSigning(signing with
        {
            ProtectedSecret = protector.Protect(secret),
            ProtectedPreviousSecret = keepsPrevious ? signing.ProtectedSecret : null,
            PreviousSecretExpiresAt = until,
        });
        subscription.Touch(now);
        audit.Record(AuditActions.SubscriptionSecretRotated, AuditTargets.Subscription, subscription.Id.ToString(), subscription.Name,
            until is { } end
                ? $"New {ApiNames.Of(signing.Scheme)} secret; the previous one signs until {end.UtcDateTime:yyyy-MM-dd HH:mm} UTC."
                : $"New {ApiNames.Of(signing.Scheme)} secret; the previous one stopped at once.");
        await db.SaveChangesAsync(cancellationToken);
        return new RotatedSecret(secret, until);
    }
}
