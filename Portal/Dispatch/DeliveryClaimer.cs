using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Portal.Data;
using Portal.Domain.Deliveries;
using Portal.Domain.Subscriptions;
using Portal.Domain.Tenants;

namespace Portal.Dispatch;

/// <summary>Claims due deliveries with a lease: pick candidates, then one conditional UPDATE that re-checks
/// "due and not leased" row by row, then read back what this claim won. Portable across SQLite, PostgreSQL and
/// SQL Server; a crashed host's leases simply expire and the next claim takes the work.</summary>
public sealed class DeliveryClaimer(PortalDbContext db, SqliteWriteGate writeGate, ILogger<DeliveryClaimer> logger)
{
    private static readonly DeliveryStatus[] Claimable = [DeliveryStatus.Pending, DeliveryStatus.Retrying];

    /// <summary>The claim's reads, compiled once per model (the dispatcher runs them many times a second).</summary>
    private sealed class Compiled
    {
        public readonly Func<PortalDbContext, DateTimeOffset, int, IAsyncEnumerable<Guid>> Candidates =
            EF.CompileAsyncQuery((PortalDbContext db, DateTimeOffset now, int take) =>
                Sendable(db)
                    .Where(d => d.NextAttemptAt <= now && (d.LeaseUntil == null || d.LeaseUntil <= now))
                    .OrderBy(d => d.NextAttemptAt)
                    .Select(d => d.Id)
                    .Take(take));

        public readonly Func<PortalDbContext, List<Guid>, string, IAsyncEnumerable<Guid>> Won =
            EF.CompileAsyncQuery((PortalDbContext db, List<Guid> candidates, string owner) =>
                db.Deliveries.IgnoreQueryFilters()
                    .Where(d => candidates.Contains(d.Id) && d.LeaseOwner == owner)
                    .Select(d => d.Id));
    }

    private static readonly ConditionalWeakTable<IModel, Compiled> CompiledByModel = new();

    /// <returns>The ids won by this claim (owner is unique per claim).</returns>
    public async Task<IReadOnlyList<Guid>> ClaimAsync(string owner, int batchSize, DateTimeOffset now, TimeSpan lease,
        CancellationToken cancellationToken)
    {
        var compiled = CompiledByModel.GetValue(db.Model, _ => new Compiled());
        var candidates = await ToListAsync(compiled.Candidates(db, now, batchSize), cancellationToken);
        if (candidates.Count == 0)
            return [];

        var until = now + lease;
        try
        {
            using var turn = await writeGate.EnterAsync(db, cancellationToken);
            await db.Deliveries.IgnoreQueryFilters()
                .Where(d => candidates.Contains(d.Id) && Claimable.Contains(d.Status) && d.NextAttemptAt <= now
                            && (d.LeaseUntil == null || d.LeaseUntil <= now))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.LeaseOwner, owner)
                    .SetProperty(d => d.LeaseUntil, until), cancellationToken);
        }
        catch (Exception e) when (IsTransient(e))
        {
            // Two hosts' claims over overlapping candidates can lock rows in different orders; the server aborts
            // one (PostgreSQL 40P01). The loser's statement rolled back and took nothing: claim again next round.
            logger.LogDebug(e, "Claim {Owner} lost a lock race; nothing claimed.", owner);
            return [];
        }

        return await ToListAsync(compiled.Won(db, candidates, owner), cancellationToken);
    }

    private static async Task<List<Guid>> ToListAsync(IAsyncEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var list = new List<Guid>();
        await foreach (var id in ids.WithCancellation(cancellationToken))
            list.Add(id);
        return list;
    }

    /// <summary>A deadlock or serialization failure (possibly wrapped by EF's execution strategy).</summary>
    internal static bool IsTransient(Exception e) => e switch
    {
        DbException { IsTransient: true } => true,
        DbUpdateException or InvalidOperationException => e.InnerException is { } inner && IsTransient(inner),
        _ => false,
    };

    /// <summary>The earliest unleased due time, to sleep exactly until then (expired leases of a crashed host are
    /// noticed by the idle poll).</summary>
    public async Task<DateTimeOffset?> NextDueAtAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        await Sendable(db)
            .Where(d => d.NextAttemptAt != null && (d.LeaseUntil == null || d.LeaseUntil <= now))
            .OrderBy(d => d.NextAttemptAt)
            .Select(d => d.NextAttemptAt)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>Waiting deliveries whose subscription is active and whose tenant is not suspended: a paused endpoint
    /// keeps its queue until it is resumed.</summary>
    private static IQueryable<Delivery> Sendable(PortalDbContext db) =>
        db.Deliveries.IgnoreQueryFilters()
            .Where(d => Claimable.Contains(d.Status)
                        && db.Subscriptions.IgnoreQueryFilters()
                            .Any(s => s.Id == d.SubscriptionId && s.State == SubscriptionState.Active)
                        && db.Tenants.Any(t => t.Id == d.TenantId && t.Status == TenantStatus.Active));
}
