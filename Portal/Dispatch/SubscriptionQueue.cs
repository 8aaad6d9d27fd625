using System.Runtime.CompilerServices;
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

    /// <summary>Runs <paramref name="write"/>, which makes deliveries of <paramref name="subscriptionIds"/> due at
    /// <paramref name="at"/>, in a transaction, and arms the queue heads by the provider's rule. SQLite and SQL Server:
    /// the rows' locks first, the heads lowered inside the transaction (see <see cref="LowerHeadAsync"/>). PostgreSQL:
    /// the heads are lowered by one statement after the commit, so a publisher holds no subscription lock while it
    /// writes and commits, and the claims' <c>SKIP LOCKED</c> pick rarely finds a busy subscription locked. No delivery
    /// is orphaned: a claim whose snapshot missed the committed deliveries holds the row's lock from before that
    /// snapshot until its commit, so the lowering statement, which runs after our commit and updates every row whatever
    /// its head, either waits for the claim and re-reads the head it wrote, or runs before the claim's lock and then the
    /// claim's snapshot sees our deliveries.
    /// A host that dies between the commit and the lowering leaves a head too late; <see cref="RepairAsync"/> finds
    /// it.</summary>
    public static async Task WriteDueAsync(PortalDbContext db, IReadOnlyCollection<Guid> subscriptionIds, DateTimeOffset at,
        Func<CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var afterCommit = db.Database.IsNpgsql();
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            if (!afterCommit)
                await LockAsync(db, subscriptionIds, cancellationToken);
            await write(cancellationToken);
            if (!afterCommit)
                await LowerHeadAsync(db, subscriptionIds, at, cancellationToken, locked: true);
            await transaction.CommitAsync(cancellationToken);
        }

        if (afterCommit)
            await LowerAfterCommitAsync(db, subscriptionIds, at);
    }

    /// <summary>The write is committed: its caller must not see a failure now (a publisher would store it again). A
    /// lock race (the plain UPDATE locks rows in its scan's order) is retried; past that the head is left to
    /// <see cref="RepairAsync"/>.</summary>
    private static async Task LowerAfterCommitAsync(PortalDbContext db, IReadOnlyCollection<Guid> subscriptionIds, DateTimeOffset at)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Every row is written (unchanged heads as a HOT update), never filtered out by a WHERE on the head:
                // PostgreSQL skips, without waiting, a row whose visible version fails the WHERE — so a claim still
                // holding the row, about to commit a head computed without our deliveries, would not be waited for.
                // Matching every row, the UPDATE waits for that claim and recomputes the head on its committed version.
                var ids = subscriptionIds.ToList();
                await db.Subscriptions.IgnoreQueryFilters()
                    .Where(s => ids.Contains(s.Id))
                    .ExecuteUpdateAsync(u => u.SetProperty(s => s.NextDueAt,
                        s => s.NextDueAt == null || s.NextDueAt > at ? at : s.NextDueAt), CancellationToken.None);
                return;
            }
            catch (Exception e) when (DeliveryClaimer.IsTransient(e) && attempt < 3)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10 * attempt));
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
            {
                // Committed deliveries behind a late head: the dispatcher's housekeeping re-arms it within seconds.
                return;
            }
        }
    }

    /// <summary>Takes the subscriptions' row locks in one order (by id) for every writer — publishers, claims, recorders
    /// — so two transactions that touch several subscriptions never deadlock (a plain UPDATE locks rows in whatever
    /// order its plan scans them). On PostgreSQL the lock is NO KEY UPDATE, what an UPDATE of a non-key column takes:
    /// it does not conflict with the KEY SHARE locks that inserting a delivery (foreign key) takes on its subscription,
    /// so concurrent publishers do not deadlock on the upgrade. SQLite has a single writer and needs none.</summary>
    public static async Task LockAsync(PortalDbContext db, IReadOnlyCollection<Guid> subscriptionIds, CancellationToken cancellationToken)
    {
        if (subscriptionIds.Count == 0 || db.Database.IsSqlite())
            return;
        var ids = subscriptionIds.Order().ToArray();
        if (db.Database.IsNpgsql())
        {
            await PostgresQueue.LockAsync(db, ids, cancellationToken);
            return;
        }

        var placeholders = string.Join(", ", ids.Select((_, i) => "{" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}"));
        // Only placeholders are spliced in; the ids travel as parameters.
        await db.Database.ExecuteSqlAsync(FormattableStringFactory.Create(
            $"SELECT 1 FROM [Subscriptions] WITH (UPDLOCK, ROWLOCK) WHERE [Id] IN ({placeholders}) ORDER BY [Id]",
            ids.Cast<object>().ToArray()), cancellationToken);
    }

    /// <summary>The safety net: arms every subscription that has unfinished deliveries but no queue head (rows written
    /// outside the engine, e.g. by an older version before the migration), or a head in the future behind an earlier
    /// unfinished delivery (a PostgreSQL publisher that died between its commit and its lowering statement, see
    /// <see cref="WriteDueAsync"/>; not ordered subscriptions, whose head is their oldest delivery's time by design).
    /// Cheap: one index seek per such subscription.</summary>
    public static Task<int> RepairAsync(PortalDbContext db, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Subscriptions.IgnoreQueryFilters()
            .Where(s => (s.NextDueAt == null
                         && db.Deliveries.IgnoreQueryFilters().Any(d => d.SubscriptionId == s.Id && d.NextAttemptAt != null))
                        || (s.NextDueAt > now && !s.Ordered
                            && db.Deliveries.IgnoreQueryFilters().Any(d => d.SubscriptionId == s.Id && d.NextAttemptAt != null
                                                                          && d.NextAttemptAt < s.NextDueAt)))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.NextDueAt, now), cancellationToken);
}
