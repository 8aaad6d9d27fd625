using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Portal.Common;
using Portal.Data;
using Portal.Dispatch;
using Portal.Domain.Audit;
using Portal.Domain.Dispatch;
using Portal.Domain.Subscriptions;
using Portal.Features.Audit;
using Portal.Identity;
using Portal.Notifications;
using Portal.Secrets;

namespace Portal.Features.Subscriptions.Editor;

/// <summary>What creating (or re-keying) shows once: the signing secret, or the platform's public key for rsa-sha256.</summary>
public sealed record SavedSubscription(Guid Id, string? Secret, string? PublicKeyPem);

/// <summary>Create and edit, for the portal's form and the API alike.</summary>
public sealed class SaveSubscription(
    PortalDbContext db,
    CurrentUser user,
    IValidator<SubscriptionInput> validator,
    SecretProtector protector,
    PlatformKeyStore platformKeys,
    AuditTrail audit,
    NotificationAddresses addresses,
    SubscriptionQuota quota,
    ShapingCheck shapingCheck,
    TimeProvider clock)
{
    public async Task<Result<SavedSubscription>> CreateAsync(SubscriptionInput input, CancellationToken cancellationToken = default)
    {
        input.Id = null;
        if (user.TenantId is not { } tenantId)
            return Error.NotFound("No tenant is signed in.");
        if (await ValidateAsync(input, [], cancellationToken) is { } invalid)
            return invalid;
        if (await quota.RefusalAsync(tenantId, cancellationToken) is { } full)
            return full;

        var now = clock.GetUtcNow();
        var subscription = new Subscription(tenantId, input.Name, input.Url.Trim(), input.EventTypes, now);
        var secret = Apply(subscription, input, existing: null, now);
        if (!input.Active)
            subscription.Pause(now);
        db.Subscriptions.Add(subscription);
        await RequestConfirmationAsync(subscription, cancellationToken);
        audit.Record(AuditActions.SubscriptionCreated, AuditTargets.Subscription, subscription.Id.ToString(), subscription.Name,
            $"Event types: {string.Join(", ", subscription.EventTypes.Select(e => e.Name))}; {subscription.State}.");
        await db.SaveChangesAsync(cancellationToken);
        return await SavedAsync(subscription, secret, cancellationToken);
    }

    public async Task<Result<SavedSubscription>> UpdateAsync(Guid id, SubscriptionInput input, CancellationToken cancellationToken = default)
    {
        input.Id = id;
        var subscription = await db.Subscriptions.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (subscription is null)
            return Error.NotFound("Subscription not found.");
        var kept = subscription.EventTypes.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        if (await ValidateAsync(input, kept, cancellationToken) is { } invalid)
            return invalid;

        var now = clock.GetUtcNow();
        var before = SubscriptionChanges.Of(subscription);
        subscription.Rename(input.Name);
        subscription.SetEventTypes(input.EventTypes);
        var secret = Apply(subscription, input, subscription, now);
        if (input.Active && subscription.State == SubscriptionState.Paused)
            subscription.Resume(now);
        else if (!input.Active && subscription.State == SubscriptionState.Active)
            subscription.Pause(now);
        subscription.Touch(now);
        await RequestConfirmationAsync(subscription, cancellationToken);
        audit.Record(AuditActions.SubscriptionUpdated, AuditTargets.Subscription, subscription.Id.ToString(), subscription.Name,
            before.DescribeChangesTo(SubscriptionChanges.Of(subscription)) ?? "Saved without changes.");
        await db.SaveChangesAsync(cancellationToken);
        return await SavedAsync(subscription, secret, cancellationToken);
    }

    /// <summary>The subscription the input describes, validated but not saved: what the form's Test button pings.
    /// On edit, blank secrets are the stored ones; a new subscription signs with a throw-away secret.</summary>
    public async Task<Result<Subscription>> PreviewAsync(SubscriptionInput input, CancellationToken cancellationToken = default)
    {
        if (user.TenantId is not { } tenantId)
            return Error.NotFound("No tenant is signed in.");
        var result = await validator.ValidateAsync(input, cancellationToken);
        if (!result.IsValid)
            return result.ToError();
        var existing = input.Id is { } id
            ? await db.Subscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken)
            : null;
        var now = clock.GetUtcNow();
        var preview = new Subscription(tenantId, input.Name, input.Url.Trim(), input.EventTypes, now);
        Apply(preview, input, existing, now);
        return preview;
    }

    private async Task<Error?> ValidateAsync(SubscriptionInput input, HashSet<string> alreadySubscribed,
        CancellationToken cancellationToken)
    {
        var result = await validator.ValidateAsync(input, cancellationToken);
        if (!result.IsValid)
            return result.ToError();

        var given = input.EventTypes.Select(n => n.Trim()).ToList();
        var aliases = await db.EventTypeAliases.AsNoTracking().Where(a => given.Contains(a.Alias))
            .ToDictionaryAsync(a => a.Alias, a => a.EventTypeName, StringComparer.Ordinal, cancellationToken);
        // Subscribing by an alias subscribes to the type itself.
        input.EventTypes = [.. given.Select(n => aliases.GetValueOrDefault(n, n)).Distinct(StringComparer.Ordinal)];
        var names = input.EventTypes.Distinct(StringComparer.Ordinal).ToList();
        var known = await db.EventTypes.AsNoTracking().Where(t => names.Contains(t.Name))
            .Select(t => new { t.Name, t.IsArchived }).ToListAsync(cancellationToken);
        var unknown = names.Where(n => known.All(k => k.Name != n)).ToList();
        if (unknown.Count > 0)
            return Error.Validation("eventTypes", $"Unknown event type(s): {string.Join(", ", unknown)}.");
        var archived = known.Where(k => k.IsArchived && !alreadySubscribed.Contains(k.Name)).Select(k => k.Name).ToList();
        if (archived.Count > 0)
            return Error.Validation("eventTypes", $"Archived event type(s) cannot be newly subscribed: {string.Join(", ", archived)}.");
        return await shapingCheck.CheckAsync(input, cancellationToken);
    }

    /// <summary>A new notification address gets its confirmation link, saved with the subscription.</summary>
    private Task RequestConfirmationAsync(Subscription subscription, CancellationToken cancellationToken) =>
        subscription.Notification.Enabled
            ? addresses.RequestConfirmationAsync(subscription.TenantId, subscription.Notification.Email, cancellationToken)
            : Task.CompletedTask;

    /// <summary>Maps the input onto the subscription, protecting secrets; returns a newly created signing secret.</summary>
    private string? Apply(Subscription subscription, SubscriptionInput input, Subscription? existing, DateTimeOffset now)
    {
        subscription.ChangeEndpoint(input.Url.Trim(), input.Method, input.TimeoutMs);

        var token = string.IsNullOrEmpty(input.AuthToken)
            ? (existing?.Auth.Type == input.AuthType ? existing.Auth.ProtectedToken : null)
            : protector.Protect(input.AuthToken);
        subscription.ConfigureAuth(input.AuthType == AuthType.None
            ? EndpointAuth.None
            : new EndpointAuth(input.AuthType, input.AuthKey, token));

        subscription.SetHeaders(input.Headers.Select(h => new CustomHeader(h.Name.Trim(),
            string.IsNullOrEmpty(h.Value)
                ? existing?.Headers.FirstOrDefault(x => string.Equals(x.Name, h.Name.Trim(), StringComparison.OrdinalIgnoreCase))?.ProtectedValue
                  ?? protector.Protect("")
                : protector.Protect(h.Value))));

        var secret = ConfigureSigning(subscription, input, existing);
        subscription.ConfigureRetry(input.ToRetrySettings());
        subscription.ConfigureNotification(new NotificationSettings(
            string.IsNullOrWhiteSpace(input.NotifyEmail) ? null : input.NotifyEmail.Trim(), input.NotifyOnFailure));
        subscription.ShapePayload(new PayloadShape(input.PayloadFormat, input.Transformation, input.BodyTemplate, input.SecretInBody));
        subscription.UseKind(input.Kind);
        subscription.SetFilter(input.Filter);
        subscription.ConfigureFlow(input.MaxInFlight, input.RateLimitPerSecond, input.Ordered);
        return secret;
    }

    private string? ConfigureSigning(Subscription subscription, SubscriptionInput input, Subscription? existing)
    {
        var header = string.IsNullOrWhiteSpace(input.SignatureHeaderName) ? null : input.SignatureHeaderName.Trim();
        var keepSecret = existing is not null && existing.Signing.Scheme == input.SigningScheme
                         && string.IsNullOrWhiteSpace(input.SigningSecret);
        if (keepSecret)
        {
            subscription.ConfigureSigning(existing!.Signing with { HeaderName = header });
            return null;
        }

        var secret = !SigningSecret.IsShared(input.SigningScheme) ? null
            : string.IsNullOrWhiteSpace(input.SigningSecret) ? SigningSecret.Generate(input.SigningScheme)
            : input.SigningSecret.Trim();
        subscription.ConfigureSigning(new SigningSettings(input.SigningScheme, header,
            secret is null ? null : protector.Protect(secret), null, null));
        return secret;
    }

    private async Task<SavedSubscription> SavedAsync(Subscription subscription, string? secret, CancellationToken cancellationToken)
    {
        var pem = subscription.Signing.Scheme == SigningScheme.RsaSha256
            ? (await platformKeys.GetAsync(cancellationToken)).PublicKeyPem
            : null;
        return new SavedSubscription(subscription.Id, secret, pem);
    }
}
