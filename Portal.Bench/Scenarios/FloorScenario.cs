using System.Data;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Portal.Bench.Scenarios;

/// <summary>The other physical limit: what SQLite alone costs per delivery on this machine. On a copy of the portal's
/// database (same schema and indexes, same pragmas) it runs the fewest statements any engine that persists a
/// delivery and its attempt must run — the event and its fan-out inserted in one transaction per event, a lease
/// taken by one UPDATE per batch of due work found through the engine's index, the payload and endpoint read, an
/// attempt inserted and the delivery's state updated in one transaction per batch —
/// with prepared raw ADO.NET commands on one thread: no HTTP, no EF Core, no signing, no JSON. Together with the
/// ceiling (HTTP alone) it bounds what any design could reach here: see <see cref="Bound"/>.</summary>
public static class FloorScenario
{
    private const int ClaimBatch = 32;

    public static async Task<ScenarioResult> RunAsync(BenchContext context, string sqlitePath)
    {
        var result = new ScenarioResult("floor", "SQLite statements only, per delivery");
        var copy = Path.Combine(Path.GetTempPath(), $"portal-bench-floor-{Guid.NewGuid():N}.db");
        try
        {
            await using (var source = new SqliteConnection($"Data Source={sqlitePath};Mode=ReadOnly"))
            {
                await source.OpenAsync();
                await using var vacuum = source.CreateCommand();
                vacuum.CommandText = "VACUUM INTO $path";
                vacuum.Parameters.AddWithValue("$path", copy);
                await vacuum.ExecuteNonQueryAsync();
            }

            await using var db = new SqliteConnection($"Data Source={copy};Pooling=False");
            await db.OpenAsync();
            Execute(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
            var (tenantId, subscriptions) = Subscriptions(db);
            var events = context.Options.Smoke ? 20 : context.Options.Events;

            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            var published = Publish(db, tenantId, subscriptions, events);
            using var recorder = new Recorder(db, tenantId);
            var deliveries = ClaimAndRecord(db, recorder.Record);
            var seconds = stopwatch.Elapsed.TotalSeconds;
            var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;

            result.Count = deliveries.Count;
            result.Seconds = seconds;
            result.RatePerSecond = deliveries.Count / seconds;
            result.Completed = deliveries.Count >= published.Count;
            result.Details["fanOut"] = subscriptions.Count;
            result.Details["cpuMsPerDelivery"] = Math.Round(cpuMs / deliveries.Count, 4);
            Bound(context, result, cpuMs / deliveries.Count, subscriptions.Count);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-shm", "-wal", "-journal" })
                File.Delete(copy + suffix);
        }

        return result;
    }

    /// <summary>Each delivery needs one HTTP exchange (the ceiling's CPU per request, client and receiver), its share
    /// of the publishing request (one exchange per event of <paramref name="fanOut"/> deliveries) and at least the
    /// floor's database work: on this many cores no engine of this design can deliver faster than
    /// cores / (that sum) — before signing, JSON, scheduling, ORM and logging cost anything at all.</summary>
    private static void Bound(BenchContext context, ScenarioResult floor, double floorCpuMs, int fanOut)
    {
        if (context.Ceiling is not { Count: > 0 } ceiling
            || !ceiling.Details.TryGetValue("benchCpuSeconds", out var value) || value is not double ceilingCpuSeconds)
            return;
        var httpCpuMs = ceilingCpuSeconds * 1000 / ceiling.Count;
        var bound = Environment.ProcessorCount * 1000 / (httpCpuMs * (1 + 1.0 / fanOut) + floorCpuMs);
        floor.Details["ceilingCpuMsPerRequest"] = Math.Round(httpCpuMs, 4);
        floor.Details["boundDeliveriesPerSecond"] = Math.Round(bound);
        floor.Details["boundRatioToCeiling"] = Math.Round(bound / ceiling.RatePerSecond, 2);
        context.Say($"floor: {floorCpuMs:F3} ms CPU per delivery in SQLite alone + {httpCpuMs:F3} ms per HTTP exchange " +
                    $"(ceiling; 1 + 1/{fanOut} per delivery) → at most {bound:F0} deliveries/s = " +
                    $"{bound / ceiling.RatePerSecond:F2} × ceiling on {Environment.ProcessorCount} cores, before any other work");
    }

    private static (string TenantId, List<string> Subscriptions) Subscriptions(SqliteConnection db)
    {
        using var command = db.CreateCommand();
        command.CommandText = """
            SELECT "TenantId", "Id" FROM "Subscriptions"
            WHERE "TenantId" = (SELECT "TenantId" FROM "Subscriptions" GROUP BY "TenantId" ORDER BY COUNT(*) DESC LIMIT 1)
            LIMIT 10
            """;
        using var reader = command.ExecuteReader();
        string? tenant = null;
        var ids = new List<string>();
        while (reader.Read())
        {
            tenant = reader.GetString(0);
            ids.Add(reader.GetString(1));
        }

        return tenant is null ? throw new InvalidOperationException("The portal's database has no subscription to copy.") : (tenant, ids);
    }

    private static List<string> Publish(SqliteConnection db, string tenantId, List<string> subscriptions, int events)
    {
        var now = Now();
        using var insertEvent = Prepared(db, """
            INSERT INTO "Events" ("Id", "TenantId", "Type", "OccurredAt", "Data", "IdempotencyKey", "DeliveriesSuppressed")
            VALUES ($id, $tenant, 'invoice.status', $now, $data, NULL, 0)
            """, "$id", "$tenant", "$now", "$data");
        using var insertDelivery = Prepared(db, """
            INSERT INTO "Deliveries" ("Id", "TenantId", "EventId", "SubscriptionId", "WebhookId", "Status", "AttemptCount",
                "NextAttemptAt", "LeaseOwner", "LeaseUntil", "LastResponseCode", "LastAttemptAt", "CreatedAt", "CompletedAt",
                "NextAttemptManual", "NextAttemptRequestedBy")
            VALUES ($id, $tenant, $event, $subscription, $webhook, 'Pending', 0, $now, NULL, NULL, NULL, NULL, $now, NULL, 0, NULL)
            """, "$id", "$tenant", "$event", "$subscription", "$webhook", "$now");
        var ids = new List<string>(events * subscriptions.Count);
        for (var e = 0; e < events; e++)
        {
            using var transaction = db.BeginTransaction();
            insertEvent.Transaction = insertDelivery.Transaction = transaction;
            var eventId = NewId();
            Run(insertEvent, eventId, tenantId, now,
                $$$"""{"invoiceId":"INV-{{{e:D8}}}","status":"APPROVED","amount":{"value":"1234.50","currency":"EUR"}}""");
            foreach (var subscription in subscriptions)
            {
                var id = NewId();
                Run(insertDelivery, id, tenantId, eventId, subscription, $"msg_{Guid.CreateVersion7():N}", now);
                ids.Add(id);
            }

            transaction.Commit();
        }

        return ids;
    }

    /// <summary>What a dispatcher of this design must do to send: find due, unleased work (the engine's index, order
    /// and batch), take the lease, and read what it sends (payload and endpoint); each batch is then recorded before
    /// the next claim (the engine records while it claims, so leased rows never pile up ahead of the claim).</summary>
    private static List<string> ClaimAndRecord(SqliteConnection db, Action<List<string>> record)
    {
        var now = Now();
        using var candidates = Prepared(db, """
            SELECT "Id" FROM "Deliveries"
            WHERE "Status" IN ('Pending', 'Retrying') AND "NextAttemptAt" <= $now AND ("LeaseUntil" IS NULL OR "LeaseUntil" <= $now)
            ORDER BY "NextAttemptAt" LIMIT $take
            """, "$now", "$take");
        using var claim = Prepared(db, """
            UPDATE "Deliveries" SET "LeaseOwner" = $owner, "LeaseUntil" = $until
            WHERE "Id" IN (SELECT "value" FROM json_each($ids)) AND "Status" IN ('Pending', 'Retrying')
              AND "NextAttemptAt" <= $now AND ("LeaseUntil" IS NULL OR "LeaseUntil" <= $now)
            """, "$owner", "$until", "$ids", "$now");
        using var load = Prepared(db, """
            SELECT d."Id", d."WebhookId", e."Data", s."Url" FROM "Deliveries" AS d
            JOIN "Events" AS e ON e."Id" = d."EventId" JOIN "Subscriptions" AS s ON s."Id" = d."SubscriptionId"
            WHERE d."Id" IN (SELECT "value" FROM json_each($ids))
            """, "$ids");
        var claimed = new List<string>();
        for (var round = 0; ; round++)
        {
            candidates.Parameters[0].Value = now;
            candidates.Parameters[1].Value = ClaimBatch;
            var batch = new List<string>(ClaimBatch);
            using (var reader = candidates.ExecuteReader())
            {
                while (reader.Read())
                    batch.Add(reader.GetString(0));
            }

            if (batch.Count == 0)
                return claimed;
            var ids = JsonSerializer.Serialize(batch);
            Run(claim, $"floor#{round}", now + TimeSpan.FromMinutes(2).Ticks, ids, now);
            load.Parameters[0].Value = ids;
            var sent = new List<string>(batch.Count);
            using (var reader = load.ExecuteReader())
            {
                while (reader.Read())
                {
                    sent.Add(reader.GetString(0));
                    _ = reader.GetString(1).Length + reader.GetString(2).Length + reader.GetString(3).Length;
                }
            }

            record(sent);
            claimed.AddRange(sent);
        }
    }

    /// <summary>Records a sent batch: its attempts inserted and the deliveries' new state, in one transaction.</summary>
    private sealed class Recorder : IDisposable
    {
        private const string Headers = """{"User-Agent":"Portal-Webhooks/1.0.0","webhook-id":"msg_0199a1b2c3d47e5f8a9b0c1d2e3f4a5b","webhook-timestamp":"1763856000","webhook-signature":"v1,<redacted>","X-JobId":"msg_0199a1b2c3d47e5f8a9b0c1d2e3f4a5b","X-JobAttempt":"0","Content-Type":"application/json"}""";
        private const string Body = """{"id":"0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b","type":"invoice.status","timestamp":"2026-11-23T00:00:00.000Z","data":{"invoiceId":"INV-00000001","status":"APPROVED","amount":{"value":"1234.50","currency":"EUR"}}}""";
        private readonly SqliteConnection _db;
        private readonly string _tenantId;
        private readonly SqliteCommand _insertAttempt;
        private readonly SqliteCommand _updateDelivery;

        public Recorder(SqliteConnection db, string tenantId)
        {
            _db = db;
            _tenantId = tenantId;
            _insertAttempt = Prepared(db, """
                INSERT INTO "Attempts" ("Id", "DeliveryId", "TenantId", "Number", "Trigger", "TriggeredBy", "StartedAt", "DurationMs",
                    "RequestUrl", "RequestHeaders", "RequestBody", "ResponseStatus", "ResponseHeaders", "ResponseBody", "ErrorKind",
                    "ErrorMessage")
                VALUES ($id, $delivery, $tenant, 1, 'Automatic', NULL, $now, 3, 'http://127.0.0.1:5000/s/1', $headers, $body, 200,
                    '{"Date":"Mon, 23 Nov 2026 00:00:00 GMT","Server":"Kestrel","Content-Length":"0"}', NULL, 'None', NULL)
                """, "$id", "$delivery", "$tenant", "$now", "$headers", "$body");
            _updateDelivery = Prepared(db, """
                UPDATE "Deliveries" SET "AttemptCount" = 1, "LastAttemptAt" = $now, "LastResponseCode" = 200, "LeaseOwner" = NULL,
                    "LeaseUntil" = NULL, "Status" = 'Succeeded', "NextAttemptAt" = NULL, "CompletedAt" = $now
                WHERE "Id" = $id
                """, "$now", "$id");
        }

        public void Record(List<string> deliveries)
        {
            var now = Now();
            using var transaction = _db.BeginTransaction();
            _insertAttempt.Transaction = _updateDelivery.Transaction = transaction;
            foreach (var delivery in deliveries)
            {
                Run(_insertAttempt, NewId(), delivery, _tenantId, now, Headers, Body);
                Run(_updateDelivery, now, delivery);
            }

            transaction.Commit();
        }

        public void Dispose()
        {
            _insertAttempt.Dispose();
            _updateDelivery.Dispose();
        }
    }

    // Stored like the portal's: GUIDs as upper-case text, times as integers.
    private static string NewId() => Guid.CreateVersion7().ToString().ToUpperInvariant();

    private static long Now() => DateTimeOffset.UtcNow.ToUniversalTime().UtcTicks;

    private static SqliteCommand Prepared(SqliteConnection db, string sql, params string[] parameters)
    {
        var command = db.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
            command.Parameters[i].Value = values[i];
        command.ExecuteNonQuery();
    }

    private static void Execute(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
