using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Portal.Common;
using Portal.Data;
using Portal.Dispatch;
using Portal.Domain.Deliveries;
using Portal.Domain.Events;
using Portal.Domain.Subscriptions;

namespace Portal.Features.Publishing;

public sealed record PublishEvent(
    Guid TenantId,
    string EventType,
    string Data,
    string? IdempotencyKey = null,
    bool SuppressDeliveries = false,
    Guid? OnlySubscriptionId = null);

public sealed record PublishedEvent(Guid EventId, int Deliveries, bool Duplicate);

/// <summary>Stores an event and its fan-out (one delivery per matching subscription: queued for an active or paused one,
/// skipped for a disabled one) and moves the queue heads, in one transaction, then wakes the local dispatcher. Used by the API, the portal's "send sample" and tests. With
/// <see cref="PublishEvent.OnlySubscriptionId"/> the event goes to that one subscription (a sample, Accredit's
/// triggerSampleEventNotification), whatever types it listens to.</summary>
public sealed class EventPublisher(PortalDbContext db, DispatchSignal signal, SqliteWriteGate writeGate, TimeProvider clock)
{
    private sealed record TypeCheck(bool IsArchived, bool TenantExists);

    private sealed record Target(Guid Id, SubscriptionState State);

    /// <summary>The hot path's queries, compiled once per model (EF refuses a compiled query on another model, and one
    /// process may hold several: the tests run SQLite and PostgreSQL hosts side by side).</summary>
    private sealed class Compiled
    {
        public readonly Func<PortalDbContext, string, Guid, CancellationToken, Task<TypeCheck?>> TypeAndTenant =
            EF.CompileAsyncQuery((PortalDbContext db, string name, Guid tenantId, CancellationToken _) =>
                db.EventTypes.AsNoTracking()
                    .Where(t => t.Name == name)
                    .Select(t => new TypeCheck(t.IsArchived, db.Tenants.Any(x => x.Id == tenantId)))
                    .FirstOrDefault());

        public readonly Func<PortalDbContext, Guid, string, IAsyncEnumerable<Target>> SubscribedTo =
            EF.CompileAsyncQuery((PortalDbContext db, Guid tenantId, string type) =>
                db.Subscriptions.IgnoreQueryFilters()
                    .Where(s => s.TenantId == tenantId && s.EventTypes.Any(e => e.Name == type))
                    .Select(s => new Target(s.Id, s.State)));
    }

    private static readonly ConditionalWeakTable<IModel, Compiled> CompiledByModel = new();

    public async Task<Result<PublishedEvent>> PublishAsync(PublishEvent command, CancellationToken cancellationToken = default)
    {
        if (Validate(command) is { } invalid)
            return invalid;

        // One connection for the checks and the save, not one per statement.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await PublishOpenAsync(command, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<Result<PublishedEvent>> PublishOpenAsync(PublishEvent command, CancellationToken cancellationToken)
    {
        // One compiled query for the type and the tenant: publishing is the API's hot path.
        var compiled = CompiledByModel.GetValue(db.Model, _ => new Compiled());
        var type = await compiled.TypeAndTenant(db, command.EventType, command.TenantId, cancellationToken);
        if (type is null)
            return Error.Validation("eventType", $"Unknown event type '{command.EventType}'.");
        if (type.IsArchived)
            return Error.Validation("eventType", $"Event type '{command.EventType}' is archived and cannot be published.");
        if (!type.TenantExists)
            return Error.NotFound("Unknown tenant.");

        if (await FindDuplicateAsync(command, cancellationToken) is { } duplicate)
            return duplicate;

        var now = clock.GetUtcNow();
        var @event = new Event(command.TenantId, command.EventType, command.Data, now, command.IdempotencyKey,
            command.SuppressDeliveries);

        List<Target> targets = [];
        if (command.SuppressDeliveries)
        {
            // stored, not delivered
        }
        else if (command.OnlySubscriptionId is { } only)
        {
            targets = await db.Subscriptions.IgnoreQueryFilters()
                .Where(s => s.TenantId == command.TenantId && s.State == SubscriptionState.Active && s.Id == only)
                .Select(s => new Target(s.Id, s.State))
                .ToListAsync(cancellationToken);
        }
        else
        {
            await foreach (var target in compiled.SubscribedTo(db, command.TenantId, command.EventType)
                               .WithCancellation(cancellationToken))
                targets.Add(target);
        }

        // Active and paused subscriptions queue the delivery (a paused one keeps it until resumed); a disabled one
        // records it as skipped, for a later recover.
        var subscriptionIds = targets.Where(t => t.State != SubscriptionState.Disabled).Select(t => t.Id).ToList();
        var deliveries = subscriptionIds.Select(id => new Delivery(command.TenantId, @event.Id, id, now))
            .Concat(targets.Where(t => t.State == SubscriptionState.Disabled)
                .Select(t => Delivery.Skipped(command.TenantId, @event.Id, t.Id, now)))
            .ToList();
        try
        {
            // Set-based (RowWriter): the event and its fan-out in one transaction (the caller's, if it has one),
            // without the change tracker.
            using var turn = db.Database.CurrentTransaction is null
                ? await writeGate.EnterAsync(db, cancellationToken)
                : default;
            await using var transaction = db.Database.CurrentTransaction is null
                ? await db.Database.BeginTransactionAsync(cancellationToken)
                : null;
            await RowWriter.InsertAsync(db, [@event], cancellationToken);
            await RowWriter.InsertAsync(db, deliveries, cancellationToken);
            await SubscriptionQueue.LowerHeadAsync(db, subscriptionIds, now, cancellationToken);
            if (transaction is not null)
                await transaction.CommitAsync(cancellationToken);
        }
        catch (DbException) when (command.IdempotencyKey is not null)
        {
            // Two publications with one key raced; the unique index let one win: answer with it.
            if (await FindDuplicateAsync(command, cancellationToken) is { } winner)
                return winner;
            throw;
        }

        if (subscriptionIds.Count > 0)
            signal.Wake();
        return new PublishedEvent(@event.Id, subscriptionIds.Count, Duplicate: false);
    }

    private async Task<PublishedEvent?> FindDuplicateAsync(PublishEvent command, CancellationToken cancellationToken)
    {
        if (command.IdempotencyKey is not { } key)
            return null;
        var existing = await db.Events.IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.TenantId == command.TenantId && e.IdempotencyKey == key)
            .Select(e => new { e.Id, Deliveries = db.Deliveries.IgnoreQueryFilters().Count(d => d.EventId == e.Id) })
            .FirstOrDefaultAsync(cancellationToken);
        return existing is null ? null : new PublishedEvent(existing.Id, existing.Deliveries, Duplicate: true);
    }

    private static Error? Validate(PublishEvent command)
    {
        if (string.IsNullOrWhiteSpace(command.EventType))
            return Error.Validation("eventType", "The event type is required.");
        if (command.IdempotencyKey is { Length: > Event.MaxIdempotencyKeyLength })
            return Error.Validation("idempotencyKey",
                $"The idempotency key must be at most {Event.MaxIdempotencyKeyLength} characters.");
        try
        {
            using var document = JsonDocument.Parse(command.Data);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return Error.Validation("data", "The event data must be a JSON object.");
        }
        catch (JsonException)
        {
            return Error.Validation("data", "The event data is not valid JSON.");
        }

        return null;
    }
}
