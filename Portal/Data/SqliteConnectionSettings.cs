using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace Portal.Data;

/// <summary>How SQLite commits: <c>Normal</c> (default) or <c>Full</c>. See <see cref="SqliteConnectionSettings"/>.</summary>
public enum SqliteSynchronous
{
    Normal,
    Full,
}

/// <summary>Per-connection SQLite settings, applied each time a (pooled) connection is opened.
/// <list type="bullet">
/// <item><c>busy_timeout</c>: a writer that finds the database locked waits inside SQLite (retries within a
/// millisecond or two) instead of Microsoft.Data.Sqlite's managed retry, which sleeps 150 ms per SQLITE_BUSY — with
/// the dispatcher, the recorder and the API writing concurrently that sleep dominated publish and delivery latency.</item>
/// <item><c>synchronous</c>: in WAL mode, <c>NORMAL</c> fsyncs at checkpoints instead of on every commit. A commit
/// survives a process crash (kill -9; the bench's crash scenario proves it) but the last commits before a power loss
/// or OS crash may be lost; <c>FULL</c> keeps those too at the price of one fsync per commit (≈ 6 ms on the
/// development machine's disk, which caps every writer at ≈ 160 commits/s).</item>
/// </list>
/// Both settings belong to the native connection, which Microsoft.Data.Sqlite pools: they are applied once per native
/// connection, not on every open (an extra statement per open was a measurable share of a publish request).</summary>
public sealed class SqliteConnectionSettings(SqliteSynchronous synchronous) : DbConnectionInterceptor
{
    private const int BusyTimeoutMs = 10_000;

    private readonly ConditionalWeakTable<sqlite3, object> _configured = new();

    private readonly string _pragmas =
        $"PRAGMA busy_timeout={BusyTimeoutMs}; PRAGMA synchronous={synchronous.ToString().ToUpperInvariant()};";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (NeedsSettings(connection) is not { } handle)
            return;
        using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
        _configured.AddOrUpdate(handle, this);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        if (NeedsSettings(connection) is not { } handle)
            return;
        await using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
        _configured.AddOrUpdate(handle, this);
    }

    /// <returns>The native connection if it has not been configured yet.</returns>
    private sqlite3? NeedsSettings(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } && !_configured.TryGetValue(handle, out _) ? handle : null;
}
