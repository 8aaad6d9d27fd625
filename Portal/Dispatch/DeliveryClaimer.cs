using System.Data.Common;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using LinqKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Portal.Data;
using Portal.Domain.Deliveries;
using Portal.Domain.Subscriptions;
using Portal.Domain.Tenants;

namespace Portal.Dispatch;

/// <summary>A subscription whose queue head is due, with what this host needs to size its share.</summary>
public sealed record QueueHead(Guid SubscriptionId, int MaxInFlight, int? RateLimitPerSecond, bool Ordered);

/// <summary>Claims work fairly, in two steps. First it picks subscriptions, not deliveries: active ones whose queue head
/// (<see cref="Subscription.NextDueAt"/>) is due, oldest head first, leaving out those this host cannot send to now.
/// Then it takes from each picked subscription at most what it may send now (its free in-flight share, rate budget,
/// FIFO head), spreading the free slots round-robin, with one index seek per subscription. A served subscription goes
/// to the back of the line (its head becomes now) or, when drained, to its next due time. So a backlog of any size is
/// one row to the claim, and every claimed delivery can be sent at once. Portable across SQLite, PostgreSQL and SQL
/// Server; a crashed host's leases end and its deliveries come due again by themselves.</summary>
public sealed class DeliveryClaimer(PortalDbContext db, SqliteWriteGate writeGate, ILogger<DeliveryClaimer> logger)
{
    /// <summary><see cref="Delivery.DueRule"/> at <paramref name="now"/>, for the claim's queries.</summary>
    private static Expression<Func<Delivery, bool>> DueAt(DateTimeOffset now) =>
        ((Expression<Func<Delivery, bool>>)(d => Delivery.DueRule.Invoke(d, now))).Expand();

    /// <summary>The claim's fixed-shape reads, compiled once per model (the dispatcher runs them many times a second).</summary>
    private sealed class Compiled
    {
        public readonly Func<PortalDbContext, DateTimeOffset, List<Guid>, int, IAsyncEnumerable<QueueHead>> Pick =
            EF.CompileAsyncQuery((PortalDbContext db, DateTimeOffset now, List<Guid> skip, int take) =>
                ActiveHeads(db)
                    .Where(s => s.NextDueAt <= now && !skip.Contains(s.Id))
                    .OrderBy(s => s.NextDueAt)
                    .Select(s => new QueueHead(s.Id, s.MaxInFlight, s.RateLimitPerSecond, s.Ordered))
                    .Take(take));

        public readonly Func<PortalDbContext, DateTimeOffset, List<Guid>, CancellationToken, Task<DateTimeOffset?>> NextHead =
            EF.CompileAsyncQuery((PortalDbContext db, DateTimeOffset horizon, List<Guid> skip, CancellationToken _) =>
                ActiveHeads(db)
                    .Where(s => s.NextDueAt <= horizon && !skip.Contains(s.Id))
                    .OrderBy(s => s.NextDueAt).Select(s => s.NextDueAt).FirstOrDefault());

        public readonly Func<PortalDbContext, Guid, DateTimeOffset, int, IAsyncEnumerable<Guid>> Due =
            EF.CompileAsyncQuery(((Expression<Func<PortalDbContext, Guid, DateTimeOffset, int, IQueryable<Guid>>>)(
                (db, subscriptionId, now, take) => db.Deliveries.IgnoreQueryFilters()
                    .Where(d => d.SubscriptionId == subscriptionId && Delivery.DueRule.Invoke(d, now))
                    .OrderBy(d => d.NextAttemptAt).Take(take).Select(d => d.Id))).Expand());

        public readonly Func<PortalDbContext, Guid, DateTimeOffset, IAsyncEnumerable<Guid>> OrderedHead =
            EF.CompileAsyncQuery(((Expression<Func<PortalDbContext, Guid, DateTimeOffset, IQueryable<Guid>>>)(
                (db, subscriptionId, now) => db.Deliveries.IgnoreQueryFilters()
                    .Where(d => d.SubscriptionId == subscriptionId && d.NextAttemptAt != null)
                    .OrderBy(d => d.CreatedAt).ThenBy(d => d.Id).Take(1)
                    .Where(d => Delivery.DueRule.Invoke(d, now)).Select(d => d.Id))).Expand());

        public readonly Func<PortalDbContext, List<Guid>, string, IAsyncEnumerable<Guid>> Won =
            EF.CompileAsyncQuery((PortalDbContext db, List<Guid> candidates, string owner) =>
                db.Deliveries.IgnoreQueryFilters()
                    .Where(d => candidates.Contains(d.Id) && d.LeaseOwner == owner)
                    .Select(d => d.Id));
    }

    private static readonly ConditionalWeakTable<IModel, Compiled> CompiledByModel = new();

    /// <summary>Active subscriptions of active tenants; with a bound on the head, a range of the (State, NextDueAt)
    /// index. Paused and disabled subscriptions are outside it, whatever they hold.</summary>
    private static IQueryable<Subscription> ActiveHeads(PortalDbContext db, IQueryable<Subscription>? source = null) =>
        (source ?? db.Subscriptions.IgnoreQueryFilters())
            .Where(s => s.State == SubscriptionState.Active
                        && db.Tenants.Any(t => t.Id == s.TenantId && t.Status == TenantStatus.Active));

    /// <param name="owner">Unique per claim: the lease's owner, and the recorder's fence.</param>
    /// <param name="slots">Free send slots on this host: at most this many deliveries are claimed.</param>
    /// <param name="skip">Subscriptions this host cannot send to now (in-flight share used, no rate budget).</param>
    /// <param name="capacity">How many deliveries of a picked subscription this host may start now.</param>
    /// <param name="idle">This host has nothing in flight: on PostgreSQL a claim that finds every due subscription
    /// locked then waits briefly for one (see <see cref="PostgresQueue.PickAsync"/>); a busy host comes back soon anyway.</param>
    /// <returns>What <paramref name="load"/> read for the ids won by this claim.</returns>
    /// <param name="load">Reads what was won. On PostgreSQL it runs inside the claim's transaction, under the pick's
    /// planner settings (index lookups, whatever a queue table's stale statistics or a cached generic plan suggest); a
    /// failed load rolls the claim back. Elsewhere it runs after the commit.</param>
    public async Task<IReadOnlyList<T>> ClaimAsync<T>(string owner, int slots, DateTimeOffset now, TimeSpan lease,
        List<Guid> skip, Func<QueueHead, int> capacity, Func<List<Guid>, CancellationToken, Task<IReadOnlyList<T>>> load,
        CancellationToken cancellationToken, bool idle = true)
    {
        if (db.Database.IsNpgsql())
            return await ClaimOnPostgresAsync(owner, slots, now, lease, skip, capacity, load, idle, cancellationToken);
        var won = await ClaimElsewhereAsync(owner, slots, now, lease, skip, capacity, cancellationToken);
        return won.Count == 0 ? [] : await load(won, cancellationToken);
    }

    private async Task<List<Guid>> ClaimElsewhereAsync(string owner, int slots, DateTimeOffset now, TimeSpan lease,
        List<Guid> skip, Func<QueueHead, int> capacity, CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlServer())
            return await ClaimOnSqlServerAsync(owner, slots, now, lease, skip, capacity, cancellationToken);

        // SQLite: one writer at a time (the write gate), so the reads need no lock and run before the writer's turn.
        var compiled = CompiledByModel.GetValue(db.Model, _ => new Compiled());
        var heads = new List<QueueHead>();
        await foreach (var head in compiled.Pick(db, now, skip, slots).WithCancellation(cancellationToken))
            heads.Add(head);
        if (heads.Count == 0)
            return [];
        var candidates = await CandidatesInProcessAsync(Share(heads, slots, capacity), now, cancellationToken);
        var leased = await InTransactionAsync<Leased>(owner, async () =>
            await LeaseAndMoveHeadsAsync(candidates, heads, owner, now, now + lease, cancellationToken), cancellationToken);
        return await WonAsync(leased, owner, cancellationToken);
    }

    /// <summary>PostgreSQL: pick-and-lock (<c>SKIP LOCKED</c>), then lease and move the heads in one statement, then the
    /// load and a commit (see <see cref="PostgresQueue"/>). Claims of several hosts never wait on each other.</summary>
    private async Task<IReadOnlyList<T>> ClaimOnPostgresAsync<T>(string owner, int slots, DateTimeOffset now, TimeSpan lease,
        List<Guid> skip, Func<QueueHead, int> capacity, Func<List<Guid>, CancellationToken, Task<IReadOnlyList<T>>> load,
        bool wait, CancellationToken cancellationToken) =>
        await InTransactionAsync(owner, async () =>
        {
            var heads = await PostgresQueue.PickAsync(db, now, skip, slots, wait, cancellationToken);
            if (heads.Count == 0)
                return null;
            var won = await PostgresQueue.ClaimAsync(db, Share(heads, slots, capacity),
                heads.Select(h => h.SubscriptionId).ToList(), owner, now, now + lease, cancellationToken);
            return won.Count == 0 ? [] : await load(won, cancellationToken);
        }, cancellationToken) ?? [];

    /// <summary>SQL Server: the pick locks the subscriptions it takes and passes over those another transaction holds
    /// (<c>UPDLOCK, READPAST</c>, see <see cref="SqlServerQueue"/>), so claims of several hosts never wait on each
    /// other or on a publisher; candidates, lease and heads follow in the same transaction.</summary>
    private async Task<List<Guid>> ClaimOnSqlServerAsync(string owner, int slots, DateTimeOffset now, TimeSpan lease,
        List<Guid> skip, Func<QueueHead, int> capacity, CancellationToken cancellationToken)
    {
        var leased = await InTransactionAsync(owner, async () =>
        {
            var heads = await ActiveHeads(db, SqlServerQueue.LockingRead(db))
                .Where(s => s.NextDueAt <= now && !skip.Contains(s.Id))
                .OrderBy(s => s.NextDueAt)
                .Select(s => new QueueHead(s.Id, s.MaxInFlight, s.RateLimitPerSecond, s.Ordered))
                .Take(slots)
                .ToListAsync(cancellationToken);
            if (heads.Count == 0)
                return null;
            var candidates = await CandidatesAsync(Share(heads, slots, capacity), now, cancellationToken);
            return await LeaseAndMoveHeadsAsync(candidates, heads, owner, now, now + lease, cancellationToken);
        }, cancellationToken);
        return await WonAsync(leased, owner, cancellationToken);
    }

    /// <summary>One claim's transaction (in SQLite's writer turn). <paramref name="claim"/> returns null when it found
    /// nothing to take: the transaction is rolled back. A lost lock race — a deadlock, the database busy, a lock not
    /// available in time — rolls it back too and takes nothing: the dispatcher claims again next round.</summary>
    private async Task<TResult?> InTransactionAsync<TResult>(string owner, Func<Task<TResult?>> claim, CancellationToken cancellationToken)
        where TResult : class
    {
        try
        {
            using var turn = await writeGate.EnterAsync(db, cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (await claim() is not { } taken)
                return null;
            await transaction.CommitAsync(cancellationToken);
            return taken;
        }
        catch (Exception e) when (IsTransient(e) || e is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.LockNotAvailable })
        {
            logger.LogDebug(e, "Claim {Owner} lost a lock race; nothing claimed.", owner);
            return null;
        }
    }

    /// <summary>The candidates a claim tried to lease, and whether the lease took every one of them.</summary>
    private sealed record Leased(List<Guid> Candidates, bool All);

    /// <summary>Leases the candidates (their next attempt moves to the lease's end: not due while a host holds them)
    /// and moves the picked subscriptions' heads, in the caller's transaction.</summary>
    private async Task<Leased> LeaseAndMoveHeadsAsync(List<Guid> candidates, List<QueueHead> heads, string owner,
        DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var leased = 0;
        if (candidates.Count > 0)
        {
            leased = await db.Deliveries.IgnoreQueryFilters()
                .Where(d => candidates.Contains(d.Id)).Where(DueAt(now))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.LeaseOwner, owner)
                    .SetProperty(d => d.LeaseUntil, until)
                    .SetProperty(d => d.NextAttemptAt, until), cancellationToken);
        }

        await MoveHeadsAsync(heads.Select(h => h.SubscriptionId).Order().ToList(), now, cancellationToken);
        return new Leased(candidates, leased == candidates.Count);
    }

    /// <summary>The candidates this claim's lease took. When the lease's UPDATE changed as many rows as there were
    /// candidates (it matches only due ones, by id), it took them all and nothing is read back.</summary>
    private async Task<List<Guid>> WonAsync(Leased? leased, string owner, CancellationToken cancellationToken)
    {
        if (leased is not { Candidates: { Count: > 0 } candidates })
            return [];
        if (leased.All)
            return candidates;
        var won = new List<Guid>(candidates.Count);
        await foreach (var id in CompiledByModel.GetValue(db.Model, _ => new Compiled()).Won(db, candidates, owner)
                           .WithCancellation(cancellationToken))
            won.Add(id);
        return won;
    }

    /// <summary>Round-robin over the picked heads, one slot each per pass, within each one's capacity.</summary>
    private static List<(QueueHead Head, int Take)> Share(List<QueueHead> heads, int slots, Func<QueueHead, int> capacity)
    {
        var limits = heads.Select(capacity).ToArray();
        var takes = new int[heads.Count];
        for (var progressed = true; slots > 0 && progressed;)
        {
            progressed = false;
            for (var i = 0; i < heads.Count && slots > 0; i++)
            {
                if (takes[i] >= limits[i])
                    continue;
                takes[i]++;
                slots--;
                progressed = true;
            }
        }

        return heads.Select((h, i) => (h, takes[i])).Where(t => t.Item2 > 0).ToList();
    }

    /// <summary>Per subscription, its oldest due deliveries (an ordered one: its head, if due), in one statement: a
    /// UNION ALL of index seeks on the subscription's queue, so the cost does not grow with any backlog.</summary>
    private async Task<List<Guid>> CandidatesAsync(List<(QueueHead Head, int Take)> shares, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        IQueryable<Guid>? union = null;
        foreach (var (head, take) in shares)
        {
            var subscriptionId = head.SubscriptionId;
            var count = take;
            var queue = db.Deliveries.IgnoreQueryFilters().Where(d => d.SubscriptionId == subscriptionId);
            var next = head.Ordered
                ? queue.Where(d => d.NextAttemptAt != null).OrderBy(d => d.CreatedAt).ThenBy(d => d.Id).Take(1)
                    .Where(DueAt(now)).Select(d => d.Id)
                : queue.Where(DueAt(now)).OrderBy(d => d.NextAttemptAt).Take(count).Select(d => d.Id);
            union = union is null ? next : union.Concat(next);
        }

        return union is null ? [] : await union.ToListAsync(cancellationToken);
    }

    /// <summary>SQLite runs in this process: a compiled seek per subscription costs less than building the union
    /// statement, which a database server saves a round trip per subscription with.</summary>
    private async Task<List<Guid>> CandidatesInProcessAsync(List<(QueueHead Head, int Take)> shares, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var compiled = CompiledByModel.GetValue(db.Model, _ => new Compiled());
        var ids = new List<Guid>();
        foreach (var (head, take) in shares)
        {
            var next = head.Ordered
                ? compiled.OrderedHead(db, head.SubscriptionId, now)
                : compiled.Due(db, head.SubscriptionId, now, take);
            await foreach (var id in next.WithCancellation(cancellationToken))
                ids.Add(id);
        }

        return ids;
    }

    /// <summary>Each picked subscription's head becomes its earliest unfinished delivery's time (an ordered one: its
    /// oldest delivery's), but not earlier than now: still due → back of the line; drained → its next due time, or
    /// none. The rows were locked by an earlier statement of this transaction and are recomputed by a later one, whose fresh
    /// snapshot (READ COMMITTED) sees every delivery whose publisher held the lock before us — see <see cref="SubscriptionQueue"/>.</summary>
    private async Task MoveHeadsAsync(List<Guid> picked, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // One statement, each row written once: the earliest time, raised to now.
        var deliveries = db.Deliveries.IgnoreQueryFilters();
        await db.Subscriptions.IgnoreQueryFilters().Where(s => picked.Contains(s.Id))
            .Select(s => new
            {
                Row = s,
                Earliest = s.Ordered
                    ? deliveries.Where(d => d.SubscriptionId == s.Id && d.NextAttemptAt != null)
                        .OrderBy(d => d.CreatedAt).ThenBy(d => d.Id).Select(d => d.NextAttemptAt).FirstOrDefault()
                    : deliveries.Where(d => d.SubscriptionId == s.Id && d.NextAttemptAt != null).Min(d => d.NextAttemptAt),
            })
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.Row.NextDueAt, x => x.Earliest < now ? now : x.Earliest),
                cancellationToken);
    }

    /// <summary>A deadlock or serialization failure (possibly wrapped by EF's execution strategy).</summary>
    internal static bool IsTransient(Exception e) => e switch
    {
        DbException { IsTransient: true } => true,
        DbUpdateException or InvalidOperationException => e.InnerException is { } inner && IsTransient(inner),
        _ => false,
    };

    /// <summary>The earliest queue head up to <paramref name="horizon"/> among the subscriptions this host could serve,
    /// to sleep exactly until then.</summary>
    public async Task<DateTimeOffset?> NextDueAtAsync(DateTimeOffset horizon, List<Guid> skip, CancellationToken cancellationToken) =>
        await CompiledByModel.GetValue(db.Model, _ => new Compiled()).NextHead(db, horizon, skip, cancellationToken);
}
