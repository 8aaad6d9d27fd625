using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Portal.Data;

namespace Portal.Dispatch;

/// <summary>The delivery queue's hand-written PostgreSQL: every statement the engine sends to PostgreSQL that EF does
/// not write, in one place. A claim is two statements and a commit, where the portable claim takes seven round trips:
/// <list type="number">
/// <item><see cref="PickSql"/> picks due subscriptions and locks their rows at once, <c>SKIP LOCKED</c>: a claim never
/// waits for another host's claim, a publisher or a recorder holding a subscription — it takes the next one, and the
/// skipped one is served by whoever holds it or by the next round.</item>
/// <item><see cref="ClaimSql"/> takes each picked subscription's share of due deliveries (index seeks on its queue),
/// leases them and moves the subscriptions' queue heads, returning the won ids — one statement.</item>
/// </list>
/// The queue-head rule of <see cref="SubscriptionQueue"/> holds: the rows are locked by the first statement and the
/// heads recomputed by the second, whose snapshot sees every delivery committed by a publisher that held a lock
/// before us. The second statement's sub-selects see the deliveries as they were before its own UPDATE (one
/// snapshot per statement), so the new head counts the leased deliveries at the lease's end explicitly.
/// "Due" is <see cref="Portal.Domain.Deliveries.Delivery.DueRule"/> written in SQL (status Pending or Retrying, next
/// attempt reached): the one place the rule is restated, because these statements are hand-written.</summary>
public static class PostgresQueue
{
    /// <summary>The pick, after the claim transaction's planner settings: every statement of a claim touches a few
    /// rows by key, and the queue tables grow faster than their statistics (and than a cached generic plan), so scans,
    /// hash and merge joins are off for it — index lookups whatever the estimates say (session 10 of issue 15 in
    /// docs/performance.md: a lease join and a work load that had turned into scans of the whole queue).</summary>
    internal const string PickSql = """
        SELECT set_config('enable_bitmapscan', 'off', true), set_config('enable_hashjoin', 'off', true),
               set_config('enable_mergejoin', 'off', true), set_config('enable_seqscan', 'off', true);
        SELECT s."Id", s."MaxInFlight", s."RateLimitPerSecond", s."Ordered"
        FROM "Subscriptions" AS s
        WHERE s."State" = 'Active' AND s."NextDueAt" <= @now AND NOT (s."Id" = ANY(@skip))
          AND EXISTS (SELECT 1 FROM "Tenants" AS t WHERE t."Id" = s."TenantId" AND t."Status" = 'Active')
        ORDER BY s."NextDueAt"
        LIMIT @take
        FOR NO KEY UPDATE OF s SKIP LOCKED
        """;

    /// <summary>When every due subscription was locked (<see cref="PickSql"/> found none) and the host is idle: the
    /// oldest due one, waiting for its lock a short while (a busy host claims again as its sends finish). Without it a subscription that publishers keep busy — each holds its row from the
    /// lowering of its head through its commit — would be skipped round after round (seen as p50 latency of 84–262 ms
    /// at 200 events/s to one subscription, against 28 ms with waiting claims).</summary>
    internal const string PickWaitingSql = """
        SELECT set_config('lock_timeout', '200ms', true);
        SELECT s."Id", s."MaxInFlight", s."RateLimitPerSecond", s."Ordered"
        FROM "Subscriptions" AS s
        WHERE s."State" = 'Active' AND s."NextDueAt" <= @now AND NOT (s."Id" = ANY(@skip))
          AND EXISTS (SELECT 1 FROM "Tenants" AS t WHERE t."Id" = s."TenantId" AND t."Status" = 'Active')
        ORDER BY s."NextDueAt"
        LIMIT 1
        FOR NO KEY UPDATE OF s
        """;

    internal const string ClaimSql = """
        WITH wanted AS (
            SELECT w.sid, w.take, w.ordered FROM unnest(@sids, @takes, @ordered) AS w(sid, take, ordered)
        ), candidate AS MATERIALIZED (
            SELECT c."Id" FROM wanted AS w CROSS JOIN LATERAL (
                SELECT d."Id" FROM "Deliveries" AS d
                WHERE NOT w.ordered AND d."SubscriptionId" = w.sid AND d."NextAttemptAt" <= @now
                  AND d."Status" IN ('Pending', 'Retrying')
                ORDER BY d."NextAttemptAt" LIMIT w.take) AS c
            UNION ALL
            SELECT c."Id" FROM wanted AS w CROSS JOIN LATERAL (
                SELECT d."Id", d."Status", d."NextAttemptAt" FROM "Deliveries" AS d
                WHERE w.ordered AND d."SubscriptionId" = w.sid AND d."NextAttemptAt" IS NOT NULL
                ORDER BY d."CreatedAt", d."Id" LIMIT 1) AS c
            WHERE c."Status" IN ('Pending', 'Retrying') AND c."NextAttemptAt" <= @now
        ), claimed AS (
            UPDATE "Deliveries" AS d SET "LeaseOwner" = @owner, "LeaseUntil" = @until, "NextAttemptAt" = @until
            WHERE d."Id" = ANY(ARRAY(SELECT "Id" FROM candidate))
              AND d."Status" IN ('Pending', 'Retrying') AND d."NextAttemptAt" <= @now
            RETURNING d."Id", d."SubscriptionId"
        ), earliest AS (
            SELECT s."Id", LEAST(
                CASE WHEN s."Ordered" THEN (
                    SELECT CASE WHEN d."Id" IN (SELECT "Id" FROM claimed) THEN @until ELSE d."NextAttemptAt" END
                    FROM "Deliveries" AS d
                    WHERE d."SubscriptionId" = s."Id" AND d."NextAttemptAt" IS NOT NULL
                    ORDER BY d."CreatedAt", d."Id" LIMIT 1)
                ELSE (
                    SELECT d."NextAttemptAt" FROM "Deliveries" AS d
                    WHERE d."SubscriptionId" = s."Id" AND d."NextAttemptAt" IS NOT NULL
                      AND d."Id" NOT IN (SELECT "Id" FROM claimed)
                    ORDER BY d."NextAttemptAt" LIMIT 1)
                END,
                (SELECT @until FROM claimed AS c WHERE c."SubscriptionId" = s."Id" LIMIT 1)) AS at
            FROM "Subscriptions" AS s
            WHERE s."Id" = ANY(@picked)
        ), heads AS (
            UPDATE "Subscriptions" AS s
            SET "NextDueAt" = CASE WHEN e.at < @now THEN @now ELSE e.at END
            FROM earliest AS e
            WHERE s."Id" = e."Id"
        )
        SELECT "Id" FROM claimed
        """;

    internal const string LockSql = """
        SELECT 1 FROM "Subscriptions" WHERE "Id" = ANY(@ids) ORDER BY "Id" FOR NO KEY UPDATE
        """;

    /// <summary>Picks up to <paramref name="take"/> due subscriptions not in <paramref name="skip"/> and locks their
    /// rows for the current transaction, skipping any row another transaction holds.</summary>
    /// <param name="wait">When every due subscription is locked, wait briefly for the oldest (<see cref="PickWaitingSql"/>).</param>
    public static async Task<List<QueueHead>> PickAsync(PortalDbContext db, DateTimeOffset now, List<Guid> skip, int take,
        bool wait, CancellationToken cancellationToken)
    {
        var heads = await PickAsync(db, PickSql, now, skip, take, cancellationToken);
        if (heads.Count > 0 || !wait)
            return heads;
        heads = await PickAsync(db, PickWaitingSql, now, skip, 1, cancellationToken);
        if (heads.Count == 0 || take == 1)
            return heads;
        // Waited for one: the others that came free meanwhile join this claim (publishers' batches hold several).
        heads.AddRange(await PickAsync(db, PickSql, now, [.. skip, heads[0].SubscriptionId], take - 1, cancellationToken));
        return heads;
    }

    private static async Task<List<QueueHead>> PickAsync(PortalDbContext db, string sql, DateTimeOffset now, List<Guid> skip,
        int take, CancellationToken cancellationToken)
    {
        await using var command = Command(db, sql);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("skip", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { TypedValue = [.. skip] });
        if (sql.Contains("@take", StringComparison.Ordinal))
            command.Parameters.Add(new NpgsqlParameter<int>("take", NpgsqlDbType.Integer) { TypedValue = take });
        var heads = new List<QueueHead>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken); // past the settings
        while (await reader.ReadAsync(cancellationToken))
        {
            heads.Add(new QueueHead(reader.GetGuid(0), reader.GetInt32(1),
                reader.IsDBNull(2) ? null : reader.GetInt32(2), reader.GetBoolean(3)));
        }

        return heads;
    }

    /// <summary>Leases each picked subscription's share of due deliveries to <paramref name="owner"/> and moves the
    /// picked subscriptions' queue heads; returns the leased ids.</summary>
    public static async Task<List<Guid>> ClaimAsync(PortalDbContext db, List<(QueueHead Head, int Take)> shares,
        List<Guid> picked, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var command = Command(db, ClaimSql);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("sids", NpgsqlDbType.Array | NpgsqlDbType.Uuid)
            { TypedValue = [.. shares.Select(s => s.Head.SubscriptionId)] });
        command.Parameters.Add(new NpgsqlParameter<int[]>("takes", NpgsqlDbType.Array | NpgsqlDbType.Integer)
            { TypedValue = [.. shares.Select(s => s.Take)] });
        command.Parameters.Add(new NpgsqlParameter<bool[]>("ordered", NpgsqlDbType.Array | NpgsqlDbType.Boolean)
            { TypedValue = [.. shares.Select(s => s.Head.Ordered)] });
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("picked", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { TypedValue = [.. picked] });
        command.Parameters.Add(new NpgsqlParameter<string>("owner", NpgsqlDbType.Text) { TypedValue = owner });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("until", NpgsqlDbType.TimestampTz) { TypedValue = until });
        var won = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            won.Add(reader.GetGuid(0));
        return won;
    }

    /// <summary>Takes the subscriptions' row locks in id order (see <see cref="SubscriptionQueue.LockAsync"/>).</summary>
    public static Task LockAsync(PortalDbContext db, Guid[] ids, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync(LockSql,
            [new NpgsqlParameter<Guid[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { TypedValue = ids }], cancellationToken);

    private static DbCommand Command(PortalDbContext db, string sql)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }
}
