using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Dispatch;

/// <summary>The one rule every writer of due work follows (publish, retry, retrigger, bulk retrigger, recover): in the
/// same transaction that makes a delivery due at <c>at</c>, lower its subscription's queue head to <c>at</c>, having
/// taken the row's lock first (<see cref="LockAsync"/>, whatever the head's value): a claim that recomputes the head
/// after locking the row (see <see cref="DeliveryClaimer"/>) either waits for this transaction and then sees its
/// deliveries, or commits first and is then lowered by this statement. No delivery is orphaned under
/// READ COMMITTED (PostgreSQL, SQL Server) nor under SQLite's single writer.</summary>
public static class SubscriptionQueue
{
    /// <param name="locked">The caller took the rows' locks already (<see cref="LockAsync"/>), before it inserted
    /// deliveries: a publisher must, since inserting a delivery takes a KEY SHARE lock on its subscription, and upgrading
    /// that afterwards deadlocks with a concurrent deletion of the subscription waiting for it.</param>
    public static async Task LowerHeadAsync(PortalDbContext db, IReadOnlyCollection<Guid> subscriptionIds, DateTimeOffset at,
        CancellationToken cancellationToken, bool locked = false)
    {
        if (subscriptionIds.Count == 0)
            return;
        var ids = subscriptionIds.Order().ToList();
        if (!locked)
            await LockAsync(db, ids, cancellationToken);
        // Under the lock, only heads that move are written: a busy subscription's head is usually due already, and a
        // write per subscription per publish was most of what the queue heads cost (rows and index pages rewritten).
        await db.Subscriptions.IgnoreQueryFilters()
            .Where(s => ids.Contains(s.Id) && (s.NextDueAt == null || s.NextDueAt > at))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.NextDueAt, at), cancellationToken);
    }

    /// <summary>Takes the subscriptions' row locks in one order (by id) for every writer — publishers, claims, recorders
    /// — so two transactions that touch several subscriptions never deadlock (a plain UPDATE locks rows in whatever
    /// order its plan scans them). On PostgreSQL the lock is NO KEY UPDATE, what an UPDATE of a non-key column takes:
    /// it does not conflict with the KEY SHARE locks that inserting a delivery (foreign key) takes on its subscription,
    /// so concurrent publishers do not deadlock on the upgrade. SQLite has a single writer and needs none. The
    /// statements are the providers' own: <see cref="PostgresQueue"/>, <see cref="SqlServerQueue"/>.</summary>
    public static async Task LockAsync(PortalDbContext db, IReadOnlyCollection<Guid> subscriptionIds, CancellationToken cancellationToken)
    {
        if (subscriptionIds.Count == 0 || db.Database.IsSqlite())
            return;
        var ids = subscriptionIds.Order().ToArray();
        if (db.Database.IsNpgsql())
            await PostgresQueue.LockAsync(db, ids, cancellationToken);
        else
            await SqlServerQueue.LockAsync(db, ids, cancellationToken);
    }

    /// <summary>The safety net: arms every subscription that has unfinished deliveries but no queue head (rows written
    /// outside the engine, e.g. by an older version before the migration). Cheap: one index seek per unarmed
    /// subscription.</summary>
    public static Task<int> RepairAsync(PortalDbContext db, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Subscriptions.IgnoreQueryFilters()
            .Where(s => s.NextDueAt == null
                        && db.Deliveries.IgnoreQueryFilters().Any(d => d.SubscriptionId == s.Id && d.NextAttemptAt != null))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.NextDueAt, now), cancellationToken);
}
