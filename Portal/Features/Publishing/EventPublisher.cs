using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Portal.Common;
using Portal.Data;
using Portal.Dispatch;
using Portal.Domain.Catalogue;
using Portal.Domain.Deliveries;
using Portal.Domain.Events;
using Portal.Domain.Dispatch;
using Portal.Domain.Subscriptions;
using Portal.Shaping;

namespace Portal.Features.Publishing;

public sealed record PublishEvent(
    Guid TenantId,
    string EventType,
    string Data,
    string? IdempotencyKey = null,
    bool SuppressDeliveries = false,
    Guid? OnlySubscriptionId = null);

/// <summary>A stored (or, when <paramref name="Duplicate"/>, earlier stored) event; <paramref name="Warnings"/> are
/// where its data does not match a schema its type checks in Warn mode.</summary>
public sealed record PublishedEvent(Guid EventId, int Deliveries, bool Duplicate, IReadOnlyList<string>? Warnings = null);

/// <summary>Stores an event and its fan-out (one delivery per matching subscription: queued for an active or paused one,
/// skipped for a disabled one) and moves the queue heads, in one transaction, then wakes the local dispatcher. Used by the API, the portal's "send sample" and tests. With
/// <see cref="PublishEvent.OnlySubscriptionId"/> the event goes to that one subscription (a sample, Accredit's
/// triggerSampleEventNotification), whatever types it listens to.</summary>
public sealed class EventPublisher(
    PortalDbContext db, EventSchemas schemas, DispatchSignal signal, PublicationWriter writer, ContentFilters filters,
    TimeProvider clock)
{
    /// <summary>The schema comes only when the type checks it: with validation off, publishing reads no schema.</summary>
    private sealed record TypeCheck(bool IsArchived, bool TenantExists, SchemaValidation Validation, string? Schema);

    private sealed record Target(Guid Id, SubscriptionState State, string? Filter = null);

    /// <summary>The hot path's queries, compiled once per model (EF refuses a compiled query on another model, and one
    /// process may hold several: the tests run SQLite and PostgreSQL hosts side by side).</summary>
    private sealed class Compiled
    {
        public readonly Func<PortalDbContext, string, Guid, CancellationToken, Task<TypeCheck?>> TypeAndTenant =
            EF.CompileAsyncQuery((PortalDbContext db, string name, Guid tenantId, CancellationToken _) =>
                db.EventTypes.AsNoTracking()
                    .Where(t => t.Name == name)
                    .Select(t => new TypeCheck(t.IsArchived, db.Tenants.Any(x => x.Id == tenantId), t.SchemaValidation,
                        t.SchemaValidation == SchemaValidation.Off ? null : t.Schema))
                    .FirstOrDefault());

        public readonly Func<PortalDbContext, Guid, string, IAsyncEnumerable<Target>> SubscribedTo =
            EF.CompileAsyncQuery((PortalDbContext db, Guid tenantId, string type) =>
                db.Subscriptions.IgnoreQueryFilters()
                    .Where(s => s.TenantId == tenantId && s.EventTypes.Any(e => e.Name == type))
                    .Select(s => new Target(s.Id, s.State, s.Filter)));
    }

    private static readonly ConditionalWeakTable<IModel, Compiled> CompiledByModel = new();

    public async Task<Result<PublishedEvent>> PublishAsync(PublishEvent command, CancellationToken cancellationToken = default)
    {
        if (PublishRules.Check(command) is { } invalid)
            return invalid;

        using var span = PortalTracing.Source.StartActivity("publish " + command.EventType);
        span?.SetTag("portal.tenant_id", command.TenantId);
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
        // One compiled query for the type, its schema check and the tenant: publishing is the API's hot path.
        var compiled = CompiledByModel.GetValue(db.Model, _ => new Compiled());
        var type = await compiled.TypeAndTenant(db, command.EventType, command.TenantId, cancellationToken);
        if (type is null && await AliasedTypeAsync(command.EventType, cancellationToken) is { } aliased)
        {
            // Published by another name of the type (A-Cube's hyphen): stored and delivered as the type itself.
            command = command with { EventType = aliased };
            type = await compiled.TypeAndTenant(db, aliased, command.TenantId, cancellationToken);
        }
        if (PublishRules.Refusal(command.EventType, type?.IsArchived, type?.TenantExists ?? false) is { } refused)
            return refused;

        if (await FindDuplicateAsync(command, cancellationToken) is { } duplicate)
            return duplicate;
        var checkedData = await schemas.ApplyAsync(command.EventType, type!.Validation, type.Schema, command.Data);
        if (checkedData.Error is { } mismatch)
            return mismatch;

        var now = clock.GetUtcNow();
        var @event = new Event(command.TenantId, command.EventType, command.Data, now, command.IdempotencyKey,
            command.SuppressDeliveries);
        @event.LinkTrace(PortalTracing.CurrentTraceParent());

        // A subscription of the fan-out can be deleted between the query and the write: its foreign key then refuses
        // the delivery (DbException), the transaction rolls back, and the fan-out is computed again without it.
        var ownsTransaction = db.Database.CurrentTransaction is null;
        List<Guid> subscriptionIds;
        for (var attempt = 1; ; attempt++)
        {
            List<Target> targets;
            using (PortalTracing.Source.StartActivity("fan-out"))
                targets = await FanOutAsync(command, @event, compiled, cancellationToken);
            try
            {
                using var stored = PortalTracing.Source.StartActivity("event stored");
                stored?.SetTag("portal.event_id", @event.Id);
                subscriptionIds = await StoreAsync(@event, targets, now, cancellationToken);
                stored?.SetTag("portal.deliveries", subscriptionIds.Count);
                break;
            }
            catch (DbException)
            {
                // Two publications with one key raced; the unique index let one win: answer with it.
                if (command.IdempotencyKey is not null && await FindDuplicateAsync(command, cancellationToken) is { } winner)
                    return winner;
                if (!ownsTransaction || attempt == MaxStoreAttempts)
                    throw;
            }
        }

        if (subscriptionIds.Count > 0)
            signal.Wake();
        return new PublishedEvent(@event.Id, subscriptionIds.Count, Duplicate: false, WarningsOrNull(checkedData.Value!));
    }

    private const int MaxStoreAttempts = 3;

    private async Task<string?> AliasedTypeAsync(string name, CancellationToken cancellationToken) =>
        await db.EventTypeAliases.AsNoTracking().Where(a => a.Alias == name).Select(a => a.EventTypeName)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>Every subscription to the type, less those whose content filter the event does not match (they get
    /// no delivery at all). A sample for one subscription is sent whatever its filter says.</summary>
    private async Task<List<Target>> FanOutAsync(PublishEvent command, Event @event, Compiled compiled,
        CancellationToken cancellationToken)
    {
        if (command.SuppressDeliveries)
            return []; // stored, not delivered
        if (command.OnlySubscriptionId is { } only)
            return await db.Subscriptions.IgnoreQueryFilters()
                .Where(s => s.TenantId == command.TenantId && s.State == SubscriptionState.Active && s.Id == only)
                .Select(s => new Target(s.Id, s.State))
                .ToListAsync(cancellationToken);

        List<Target> targets = [];
        WebhookEvent? filtered = null;
        await foreach (var target in compiled.SubscribedTo(db, command.TenantId, command.EventType).WithCancellation(cancellationToken))
        {
            if (target.Filter is { } filter && !filters.Matches(filter, filtered ??= WebhookEvent.From(@event)))
                continue;
            targets.Add(target);
        }
        return targets;
    }

    /// <summary>Set-based (RowWriter): the event, its fan-out and the queue heads in one transaction (the caller's, if
    /// it has one, else a group commit of <see cref="PublicationWriter"/>), without the change tracker. Active and paused subscriptions queue the delivery (a paused one keeps
    /// it until resumed); a disabled one records it as skipped, for a later recover. Returns the queued subscriptions.</summary>
    private async Task<List<Guid>> StoreAsync(Event @event, List<Target> targets, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var queued = targets.Where(t => t.State != SubscriptionState.Disabled).Select(t => t.Id).ToList();
        var deliveries = queued.Select(id => new Delivery(@event.TenantId, @event.Id, id, now))
            .Concat(targets.Where(t => t.State == SubscriptionState.Disabled)
                .Select(t => Delivery.Skipped(@event.TenantId, @event.Id, t.Id, now)))
            .ToList();
        if (db.Database.CurrentTransaction is null)
        {
            // On its own: committed together with the other publications arriving meanwhile. The writer uses a
            // connection of its own, so this one goes back to the pool while waiting: with every pooled connection
            // held by a publisher waiting for the writer, the writer could not get one (PostgreSQL, 2 hosts at 200
            // events/s: the pool ran dry and publishes failed after its 15 s timeout).
            await db.Database.CloseConnectionAsync();
            try
            {
                await writer.StoreAsync(new Publication(@event, deliveries, queued, now));
            }
            finally
            {
                await db.Database.OpenConnectionAsync(cancellationToken);
            }

            return queued;
        }

        // Inside the caller's transaction (it holds the write gate, if any).
        await SubscriptionQueue.LockAsync(db, queued, cancellationToken); // the queue heads' row locks first
        await RowWriter.InsertAsync(db, [@event], cancellationToken);
        await RowWriter.InsertAsync(db, deliveries, cancellationToken);
        await SubscriptionQueue.LowerHeadAsync(db, queued, now, cancellationToken, locked: true);
        return queued;
    }

    internal static IReadOnlyList<string>? WarningsOrNull(string[] warnings) => warnings.Length == 0 ? null : warnings;

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
}
