using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Dispatch;

/// <summary>How many hosts dispatch now, so each takes its share of a subscription's limits (in flight ÷ hosts, at
/// least one; rate ÷ hosts). Counted from what already exists: the clustered Quartz store's check-in rows
/// (qrtz_scheduler_state), one per live node — a dead node's row is removed by the node that recovers its work. SQLite
/// runs one host.</summary>
public sealed class LiveHosts(ILogger<LiveHosts> logger)
{
    /// <summary>The clustered maintenance scheduler's name (DeliveryExtensions).</summary>
    public const string SchedulerName = "portal-maintenance";

    private int _count = 1;

    public int Count => Volatile.Read(ref _count);

    public async Task RefreshAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
            return;
        try
        {
            var count = await db.Database
                .SqlQuery<int>($"SELECT COUNT(*) AS \"Value\" FROM qrtz_scheduler_state WHERE sched_name = {SchedulerName}")
                .SingleAsync(cancellationToken);
            Volatile.Write(ref _count, Math.Max(1, count));
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            // No clustered store (yet): keep the last count rather than stop dispatching.
            logger.LogDebug(e, "Could not count live hosts; keeping {Count}.", Count);
        }
    }
}
