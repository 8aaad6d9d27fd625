using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Subscriptions;

namespace Portal.Dispatch;

/// <summary>The delivery queue's hand-written SQL Server: every statement the engine sends to SQL Server that EF does
/// not write, in one place (checked without a server by <c>SqlServerStatementTests</c>, which parses it with
/// Microsoft's T-SQL parser and resolves its names against the migrations' schema).</summary>
public static class SqlServerQueue
{
    /// <summary>The subscriptions as the claim's pick reads them: each row it returns is locked for the transaction
    /// (<c>UPDLOCK</c>, as an update would), and rows another transaction holds are passed over, not waited for
    /// (<c>READPAST</c>). EF composes the pick's filter, order and <c>TOP</c> around it.</summary>
    internal const string LockingReadSql = "SELECT * FROM [Subscriptions] WITH (UPDLOCK, ROWLOCK, READPAST)";

    /// <summary>Subscriptions read through <see cref="LockingReadSql"/>.</summary>
    public static IQueryable<Subscription> LockingRead(PortalDbContext db) =>
        db.Subscriptions.FromSqlRaw(LockingReadSql).IgnoreQueryFilters();

    /// <summary>Takes the subscriptions' update locks in id order (see <see cref="SubscriptionQueue.LockAsync"/>).</summary>
    public static Task LockAsync(PortalDbContext db, Guid[] ids, CancellationToken cancellationToken)
    {
        var placeholders = string.Join(", ", ids.Select((_, i) => "{" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}"));
        // Only placeholders are spliced in; the ids travel as parameters.
        return db.Database.ExecuteSqlAsync(FormattableStringFactory.Create(
            $"SELECT 1 FROM [Subscriptions] WITH (UPDLOCK, ROWLOCK) WHERE [Id] IN ({placeholders}) ORDER BY [Id]",
            ids.Cast<object>().ToArray()), cancellationToken);
    }
}
