using System.Data.Common;
using Microsoft.EntityFrameworkCore;
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

/// <summary>Publishes a batch: each event is checked on its own (a bad one never stops the others) with the same rules
/// and messages as <see cref="EventPublisher"/>, but the reads are set-based — the types, the tenants, earlier
/// idempotency keys and the subscriptions each take one query for the whole batch — and the accepted events and
/// their fan-out are written in one transaction. Should that write meet a concurrent publication of one of its
/// idempotency keys, the batch falls back to publishing its events one by one, each settling its own race.</summary>
public sealed class PublishEvents(
    PortalDbContext db, EventPublisher eventPublisher, EventSchemas schemas, DispatchSignal signal, SqliteWriteGate writeGate,
    ContentFilters filters, TimeProvider clock)
{
    public const int MaxEvents = 500;

    private sealed record TypeCheck(string Name, bool IsArchived, SchemaValidation Validation, string? Schema);

    /// <summary>One result per command, in order.</summary>
    public async Task<IReadOnlyList<Result<PublishedEvent>>> ExecuteAsync(IReadOnlyList<PublishEvent> commands,
        CancellationToken cancellationToken = default)
    {
        var results = new Result<PublishedEvent>?[commands.Count];
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            commands = await ResolveAliasesAsync(commands, cancellationToken);
            await PublishOpenAsync(commands, results, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return [.. results.Select(r => r ?? throw new InvalidOperationException("A batch item was left without a result."))];
    }

    /// <summary>Events published by another name of their type carry the type's own name from here on.</summary>
    private async Task<IReadOnlyList<PublishEvent>> ResolveAliasesAsync(IReadOnlyList<PublishEvent> commands,
        CancellationToken cancellationToken)
    {
        var names = commands.Select(c => c.EventType).Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.Ordinal).ToList();
        var aliases = await db.EventTypeAliases.AsNoTracking().Where(a => names.Contains(a.Alias))
            .ToDictionaryAsync(a => a.Alias, a => a.EventTypeName, StringComparer.Ordinal, cancellationToken);
        return aliases.Count == 0
            ? commands
            : [.. commands.Select(c => aliases.TryGetValue(c.EventType ?? "", out var type) ? c with { EventType = type } : c)];
    }

    private async Task PublishOpenAsync(IReadOnlyList<PublishEvent> commands, Result<PublishedEvent>?[] results,
        CancellationToken cancellationToken)
    {
        var pending = new List<int>();
        for (var i = 0; i < commands.Count; i++)
        {
            if (PublishRules.Check(commands[i]) is { } invalid)
                results[i] = invalid;
            else
                pending.Add(i);
        }

        var (known, types) = await RefuseUnknownTargetsAsync(commands, pending, results, cancellationToken);
        pending = await AnswerEarlierDuplicatesAsync(commands, known, results, cancellationToken);
        var warnings = new string[commands.Count][];
        var accepted = new List<int>(pending.Count);
        foreach (var i in pending)
        {
            var type = types[commands[i].EventType];
            var checkedData = await schemas.ApplyAsync(type.Name, type.Validation, type.Schema, commands[i].Data);
            if (checkedData.Error is { } mismatch)
            {
                results[i] = mismatch;
                continue;
            }
            warnings[i] = checkedData.Value!;
            accepted.Add(i);
        }

        await StoreAsync(commands, accepted, warnings, results, cancellationToken);
    }

    /// <summary>Unknown or archived types and unknown tenants, as <see cref="PublishRules.Refusal"/> words them;
    /// returns the events that pass, and the types with their schema checks.</summary>
    private async Task<(List<int> Remaining, Dictionary<string, TypeCheck> Types)> RefuseUnknownTargetsAsync(
        IReadOnlyList<PublishEvent> commands, List<int> pending, Result<PublishedEvent>?[] results, CancellationToken cancellationToken)
    {
        var names = pending.Select(i => commands[i].EventType).Distinct(StringComparer.Ordinal).ToList();
        var types = await db.EventTypes.AsNoTracking().Where(t => names.Contains(t.Name))
            .Select(t => new TypeCheck(t.Name, t.IsArchived, t.SchemaValidation,
                t.SchemaValidation == SchemaValidation.Off ? null : t.Schema))
            .ToDictionaryAsync(t => t.Name, StringComparer.Ordinal, cancellationToken);
        var tenantIds = pending.Select(i => commands[i].TenantId).Distinct().ToList();
        var tenants = (await db.Tenants.Where(t => tenantIds.Contains(t.Id)).Select(t => t.Id).ToListAsync(cancellationToken))
            .ToHashSet();

        var remaining = new List<int>(pending.Count);
        foreach (var i in pending)
        {
            var archived = types.TryGetValue(commands[i].EventType, out var type) ? type.IsArchived : (bool?)null;
            if (PublishRules.Refusal(commands[i].EventType, archived, tenants.Contains(commands[i].TenantId)) is { } refused)
                results[i] = refused;
            else
                remaining.Add(i);
        }

        return (remaining, types);
    }

    /// <summary>Events whose idempotency key was published before answer with the original, as a single publish does.</summary>
    private async Task<List<int>> AnswerEarlierDuplicatesAsync(IReadOnlyList<PublishEvent> commands, List<int> pending,
        Result<PublishedEvent>?[] results, CancellationToken cancellationToken)
    {
        var keyed = pending.Where(i => commands[i].IdempotencyKey is not null).ToList();
        if (keyed.Count == 0)
            return pending;
        var keys = keyed.Select(i => commands[i].IdempotencyKey!).Distinct(StringComparer.Ordinal).ToList();
        var tenantIds = keyed.Select(i => commands[i].TenantId).Distinct().ToList();
        var earlier = (await db.Events.IgnoreQueryFilters().AsNoTracking()
                .Where(e => tenantIds.Contains(e.TenantId) && keys.Contains(e.IdempotencyKey!))
                .Select(e => new
                {
                    e.TenantId,
                    e.IdempotencyKey,
                    e.Id,
                    Deliveries = db.Deliveries.IgnoreQueryFilters().Count(d => d.EventId == e.Id),
                })
                .ToListAsync(cancellationToken))
            .ToDictionary(e => (e.TenantId, e.IdempotencyKey!), e => new PublishedEvent(e.Id, e.Deliveries, Duplicate: true));

        var remaining = new List<int>(pending.Count);
        foreach (var i in pending)
        {
            if (commands[i].IdempotencyKey is { } key && earlier.TryGetValue((commands[i].TenantId, key), out var original))
                results[i] = original;
            else
                remaining.Add(i);
        }

        return remaining;
    }

    private async Task StoreAsync(IReadOnlyList<PublishEvent> commands, List<int> accepted, string[][] warnings,
        Result<PublishedEvent>?[] results, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var subscribers = await SubscribersAsync(commands, accepted, cancellationToken);
        var events = new List<Event>(accepted.Count);
        var deliveries = new List<Delivery>();
        var stored = new Dictionary<(Guid, string), PublishedEvent>();
        var queued = new HashSet<Guid>();
        foreach (var i in accepted)
        {
            var command = commands[i];
            // The same key twice in one batch: the second answers with the first, as it would one request later.
            if (command.IdempotencyKey is { } key && stored.TryGetValue((command.TenantId, key), out var first))
            {
                results[i] = first with { Duplicate = true, Warnings = null };
                continue;
            }

            var @event = new Event(command.TenantId, command.EventType, command.Data, now, command.IdempotencyKey,
                command.SuppressDeliveries);
            @event.LinkTrace(PortalTracing.CurrentTraceParent());
            // As a single publish: active and paused subscriptions queue the delivery, a disabled one records it skipped.
            var targets = command.SuppressDeliveries ? [] : subscribers[(command.TenantId, command.EventType)].ToList();
            if (targets.Any(t => t.Filter is not null))
            {
                var evt = WebhookEvent.From(@event);
                targets.RemoveAll(t => !filters.Matches(t.Filter, evt));
            }
            var queuedHere = targets.Where(t => t.State != SubscriptionState.Disabled).Select(t => t.Id).ToList();
            events.Add(@event);
            deliveries.AddRange(queuedHere.Select(id => new Delivery(command.TenantId, @event.Id, id, now)));
            deliveries.AddRange(targets.Where(t => t.State == SubscriptionState.Disabled)
                .Select(t => Delivery.Skipped(command.TenantId, @event.Id, t.Id, now)));
            queued.UnionWith(queuedHere);
            var published = new PublishedEvent(@event.Id, queuedHere.Count, Duplicate: false, EventPublisher.WarningsOrNull(warnings[i]));
            results[i] = published;
            if (command.IdempotencyKey is { } newKey)
                stored[(command.TenantId, newKey)] = published;
        }

        try
        {
            using var turn = await writeGate.EnterAsync(db, cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // The queue heads' row locks first: see SubscriptionQueue.LowerHeadAsync.
            await SubscriptionQueue.LockAsync(db, queued, cancellationToken);
            await RowWriter.InsertAsync(db, events, cancellationToken);
            await RowWriter.InsertAsync(db, deliveries, cancellationToken);
            await SubscriptionQueue.LowerHeadAsync(db, queued, now, cancellationToken, locked: true);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbException)
        {
            // A concurrent publication took one of the keys, or a subscription of the fan-out was deleted meanwhile:
            // nothing of this write was kept; one by one instead (each handles both).
            foreach (var i in accepted)
                results[i] = await eventPublisher.PublishAsync(commands[i], cancellationToken);
            return;
        }

        if (queued.Count > 0)
            signal.Wake();
    }

    /// <summary>The subscriptions (with their state) of each (tenant, type) of the batch, in one query.</summary>
    private async Task<ILookup<(Guid TenantId, string Type), (Guid Id, SubscriptionState State, string? Filter)>> SubscribersAsync(IReadOnlyList<PublishEvent> commands,
        List<int> accepted, CancellationToken cancellationToken)
    {
        var delivered = accepted.Where(i => !commands[i].SuppressDeliveries).ToList();
        if (delivered.Count == 0)
            return Array.Empty<(Guid, string, Guid, SubscriptionState, string?)>().ToLookup(x => (x.Item1, x.Item2), x => (x.Item3, x.Item4, x.Item5));
        var tenantIds = delivered.Select(i => commands[i].TenantId).Distinct().ToList();
        var types = delivered.Select(i => commands[i].EventType).Distinct(StringComparer.Ordinal).ToList();
        var rows = await (from s in db.Subscriptions.IgnoreQueryFilters()
                          where tenantIds.Contains(s.TenantId)
                          from t in s.EventTypes
                          where types.Contains(t.Name)
                          select new { s.TenantId, t.Name, s.Id, s.State, s.Filter }).ToListAsync(cancellationToken);
        return rows.ToLookup(r => (r.TenantId, r.Name), r => (r.Id, r.State, (string?)r.Filter));
    }
}
