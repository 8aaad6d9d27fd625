using Microsoft.EntityFrameworkCore;
using Portal.Common;
using Portal.Data;
using Portal.Dispatch;
using Portal.Domain.Audit;
using Portal.Domain.Common;
using Portal.Domain.Subscriptions;
using Portal.Features.Audit;

namespace Portal.Features.Subscriptions.Lifecycle;

/// <summary>Pause, resume, delete and partial event-type removal (Aptic). Another tenant's subscription is not found.</summary>
public sealed class SubscriptionLifecycle(PortalDbContext db, DispatchSignal signal, AuditTrail audit, TimeProvider clock)
{
    public Task<Result<Subscription>> PauseAsync(Guid id, CancellationToken cancellationToken = default) =>
        ChangeAsync(id, AuditActions.SubscriptionPaused, s => s.Pause(clock.GetUtcNow()), cancellationToken);

    /// <summary>Back to Active (also re-enables a disabled endpoint); its queued deliveries go out at once.</summary>
    public async Task<Result<Subscription>> ResumeAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var result = await ChangeAsync(id, AuditActions.SubscriptionResumed, s => s.Resume(clock.GetUtcNow()), cancellationToken);
        if (result.Succeeded)
            signal.Wake();
        return result;
    }

    public Task<Result<Subscription>> RemoveEventTypesAsync(Guid id, IReadOnlyCollection<string> eventTypes,
        CancellationToken cancellationToken = default) =>
        ChangeAsync(id, AuditActions.SubscriptionEventTypesRemoved, s =>
        {
            if (eventTypes.Count == 0)
                return Error.Validation("eventTypes", "Name the event types to remove.");
            if (s.EventTypes.All(e => !eventTypes.Contains(e.Name)))
                return Error.Validation("eventTypes", "The subscription does not listen to these event types.");
            if (s.EventTypes.All(e => eventTypes.Contains(e.Name)))
                return Error.Validation("eventTypes",
                    "A subscription needs at least one event type: delete the subscription instead.");
            s.RemoveEventTypes(eventTypes);
            return null;
        }, cancellationToken);

    /// <summary>Irreversible: the subscription, its deliveries and their attempts go.</summary>
    public async Task<Result<Guid>> DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var subscription = await db.Subscriptions.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (subscription is null)
            return Error.NotFound("Subscription not found.");
        db.Subscriptions.Remove(subscription);
        audit.Record(AuditActions.SubscriptionDeleted, AuditTargets.Subscription, subscription.Id.ToString(), subscription.Name,
            $"Deleted with its delivery history ({WithoutQuery(subscription.Url)}).");
        await db.SaveChangesAsync(cancellationToken);
        return id;
    }

    /// <summary>A query string may carry a receiver's key: the log keeps only where the endpoint was.</summary>
    private static string WithoutQuery(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Path) : "";

    private Task<Result<Subscription>> ChangeAsync(Guid id, string action, Action<Subscription> change,
        CancellationToken cancellationToken) =>
        ChangeAsync(id, action, s =>
        {
            change(s);
            return null;
        }, cancellationToken);

    private async Task<Result<Subscription>> ChangeAsync(Guid id, string action, Func<Subscription, Error?> change,
        CancellationToken cancellationToken)
    {
        var subscription = await db.Subscriptions.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (subscription is null)
            return Error.NotFound("Subscription not found.");
        var before = SubscriptionChanges.Of(subscription);
        try
        {
            if (change(subscription) is { } error)
                return error;
        }
        catch (DomainException e)
        {
            return Error.Validation("subscription", e.Message);
        }

        subscription.Touch(clock.GetUtcNow());
        audit.Record(action, AuditTargets.Subscription, subscription.Id.ToString(), subscription.Name,
            before.DescribeChangesTo(SubscriptionChanges.Of(subscription)) ?? "No change.");
        await db.SaveChangesAsync(cancellationToken);
        return subscription;
    }
}
