using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Data;
using Portal.Dispatch;
using Portal.Domain.Deliveries;
using Portal.Domain.Events;
using Portal.Features.Admin.Health;
using Xunit.Abstractions;

namespace Portal.Tests.Data.SqlServer;

/// <summary>No SQL Server runs on these machines, yet it is the production database: every statement Portal sends to
/// it is collected here — the idempotent migration script, and what Portal's own code (claim, record, queue heads,
/// RowWriter, retention, live hosts) sends when run on a SQL Server context whose connection records instead of
/// executing — and parsed with Microsoft's T-SQL parser (ScriptDom, TSql160Parser). Every table and column the
/// runtime statements name must exist in the schema the migrations build (the EF model's relational mapping for SQL
/// Server, which ModelConsistencyTests holds equal to the migrations) or in Quartz's own tables.</summary>
public sealed class SqlServerStatementTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Idempotent_migration_script_parses_as_TSql()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("CREATE TABLE [Subscriptions]", script, StringComparison.Ordinal);
        var problems = TSqlCheck.Problems(script, TSqlSchema.Of(db), resolveNames: false);
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        // The script wraps some statements in EXEC(N'…'): parse those too.
        var inner = TSqlCheck.ExecutedStrings(script);
        Assert.NotEmpty(inner);
        Assert.All(inner, sql => Assert.Empty(TSqlCheck.Problems(sql, TSqlSchema.Of(db), resolveNames: false)));
        output.WriteLine($"Migration script: {script.Length} characters, {inner.Count} EXEC statements inside.");
    }

    [Fact]
    public async Task Every_runtime_statement_parses_and_names_only_existing_tables_and_columns()
    {
        var (statements, schema) = await CollectAsync();

        Assert.True(statements.Count >= 15, $"Only {statements.Count} statements collected.");
        Assert.Contains(statements, s => s.Contains("WITH (UPDLOCK, ROWLOCK)", StringComparison.Ordinal));
        Assert.Contains(statements, s => s.Contains("WITH (UPDLOCK, ROWLOCK, READPAST)", StringComparison.Ordinal)); // the claim's pick
        Assert.Contains(statements, s => s.StartsWith("INSERT INTO [Attempts]", StringComparison.Ordinal));
        Assert.Contains(statements, s => s.Contains("qrtz_scheduler_state", StringComparison.Ordinal));
        var failures = statements
            .Select(s => (Sql: s, Problems: TSqlCheck.Problems(s, schema)))
            .Where(r => r.Problems.Count > 0)
            .Select(r => string.Join("; ", r.Problems) + "\n  in: " + r.Sql)
            .ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} of {statements.Count} statements fail:\n" + string.Join("\n", failures));
        output.WriteLine($"{statements.Count} statements checked:\n" + string.Join("\n", statements));
    }

    [Theory]
    [InlineData("[Subscriptions]", "[Subscription]", "unknown table Subscription")]
    [InlineData("[Id] IN", "[Idd] IN", "unknown column Idd")]
    [InlineData("WITH (UPDLOCK, ROWLOCK)", "WITH (UPDLOCK, ROWLOCK", "parse error")]
    public async Task A_typo_in_the_hand_written_lock_fails_the_check(string from, string to, string expected)
    {
        var (statements, schema) = await CollectAsync();
        var sql = statements.First(s => s.Contains("UPDLOCK", StringComparison.Ordinal));
        Assert.Empty(TSqlCheck.Problems(sql, schema));

        var problems = TSqlCheck.Problems(sql.Replace(from, to, StringComparison.Ordinal), schema);

        Assert.Contains(problems, p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[LeaseOwner] = @", "[LeaseOwnr] = @", "unknown column LeaseOwnr")]
    [InlineData("UPDATE [Deliveries]", "UPDATE [Delivery]", "unknown table Delivery")]
    public async Task A_typo_in_RowWriters_update_fails_the_check(string from, string to, string expected)
    {
        var (statements, schema) = await CollectAsync();
        var sql = statements.First(s => s.StartsWith("UPDATE [Deliveries]", StringComparison.Ordinal));

        var problems = TSqlCheck.Problems(sql.Replace(from, to, StringComparison.Ordinal), schema);

        Assert.Contains(problems, p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_typo_behind_an_alias_fails_the_check()
    {
        var (statements, schema) = await CollectAsync();
        var sql = statements.First(s => s.Contains("[s].[NextDueAt]", StringComparison.Ordinal));

        var problems = TSqlCheck.Problems(sql.Replace("[s].[NextDueAt]", "[s].[NextDue]", StringComparison.Ordinal), schema);

        Assert.Contains("unknown column s.NextDue (Subscriptions)", problems);
    }

    [Fact]
    public void A_typo_in_a_Quartz_column_fails_the_check()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var schema = TSqlSchema.Of(db);
        Assert.Empty(TSqlCheck.Problems(SchedulerStatusQuery.ClusterNodesSql, schema));

        var problems = TSqlCheck.Problems(SchedulerStatusQuery.ClusterNodesSql.Replace("last_checkin_time", "last_check_time", StringComparison.Ordinal), schema);

        Assert.Contains(problems, p => p.StartsWith("unknown column last_check_time", StringComparison.Ordinal));
    }

    /// <summary>Runs Portal's SQL Server code paths on a recording connection and returns what they sent.</summary>
    private static async Task<(List<string> Statements, TSqlSchema Schema)> CollectAsync()
    {
        var connection = new RecordingConnection();
        await using var db = new SqlServerPortalDbContext(DesignTime.Options<SqlServerPortalDbContext>(o => o.UseSqlServer(connection)));
        var ct = CancellationToken.None;
        var tenant = Guid.NewGuid();
        var subscriptions = new[] { Guid.NewGuid(), Guid.NewGuid() };

        // The queue heads' hand-written lock and EF's head updates.
        await SubscriptionQueue.LockAsync(db, subscriptions, ct);
        await SubscriptionQueue.LowerHeadAsync(db, subscriptions, Now, ct);
        await SubscriptionQueue.RepairAsync(db, Now, ct);

        // The claim: two heads (one ordered), their candidates, the lease, the heads' move, the won ids.
        var heads = new DataTable();
        heads.Columns.Add("Id", typeof(Guid));
        heads.Columns.Add("MaxInFlight", typeof(int));
        heads.Columns.Add("RateLimitPerSecond", typeof(int));
        heads.Columns.Add("Ordered", typeof(bool));
        heads.Rows.Add(subscriptions[0], 4, DBNull.Value, false);
        heads.Rows.Add(subscriptions[1], 1, 10, true);
        connection.Results.Enqueue(heads);
        // Two candidates, of which the lease's UPDATE takes one (the recording connection reports one row): the claim
        // reads back which it won.
        var candidate = Guid.NewGuid();
        connection.Returns(candidate, Guid.NewGuid()).Returns(candidate);
        using var gate = new SqliteWriteGate();
        var claimer = new DeliveryClaimer(db, gate, NullLogger<DeliveryClaimer>.Instance);
        Assert.Equal([candidate], await claimer.ClaimAsync("owner-1", 8, Now, TimeSpan.FromMinutes(1), [Guid.NewGuid()], _ => 2,
            (won, _) => Task.FromResult<IReadOnlyList<Guid>>(won), ct));
        connection.Returns<DateTimeOffset?>(Now);
        await claimer.NextDueAtAsync(Now.AddSeconds(5), [], ct);

        // The recorder's and publishers' set-based writes (RowWriter).
        var events = new[] { new Event(tenant, "order.created", "{}", Now), new Event(tenant, "order.paid", "{}", Now) };
        var deliveries = events.Select(e => new Delivery(tenant, e.Id, subscriptions[0], Now)).ToList();
        var attempts = deliveries.Select(d => new Attempt(d, 1, AttemptTrigger.Automatic, null, Now, "https://example.test/hook", "{}", "{}")).ToList();
        await RowWriter.InsertAsync(db, events, ct);
        await RowWriter.InsertAsync(db, deliveries, ct);
        await RowWriter.InsertAsync(db, attempts, ct);
        var width = RowWriter.Snapshot(db, deliveries[0]).Length;
        var everyColumnChanged = deliveries.Select(d => (d, Enumerable.Range(0, width).Select(_ => new object()).ToArray<object?>())).ToList();
        await RowWriter.UpdateChangedAsync(db, everyColumnChanged, ct, fence: nameof(Delivery.LeaseOwner));
        await SubscriptionQueue.LowerHeadAsync(db, subscriptions, Now, ct, locked: true);

        // Live hosts and the health page's cluster nodes (Quartz's table).
        connection.Returns(2);
        var hosts = new LiveHosts(NullLogger<LiveHosts>.Instance);
        await hosts.RefreshAsync(db, ct);
        Assert.Equal(2, hosts.Count);
        connection.Statements.Add(SchedulerStatusQuery.ClusterNodesSql);

        return (connection.Statements, TSqlSchema.Of(db));
    }
}
