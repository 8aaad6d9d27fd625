using System.Data.Common;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Portal.Data;
using Portal.Identity;

namespace Portal.Tests.Infrastructure;

/// <summary>A fresh database on the PostgreSQL server named by <c>PORTAL_TEST_POSTGRES</c>, dropped on dispose.
/// An unreachable server fails the test with instructions; it never skips.</summary>
public sealed class PostgresTestDatabase : TestDatabase
{
    public const string ServerVariable = "PORTAL_TEST_POSTGRES";
    public const string DefaultServer = "Host=127.0.0.1;Port=5432;Username=portal;Password=portal";

    private readonly string _name;
    private readonly string _adminConnectionString;

    private PostgresTestDatabase(string name, string adminConnectionString, string connectionString)
    {
        _name = name;
        _adminConnectionString = adminConnectionString;
        ConnectionString = connectionString;
    }

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
    public override string ConnectionString { get; }
    public string Name => _name;

    public static async Task<PostgresTestDatabase> CreateAsync(CancellationToken cancellationToken = default)
    {
        var server = Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value ? value : DefaultServer;
        var admin = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false };
        // Fail fast when nothing listens, unless the connection string chose its own timeout.
        if (!new DbConnectionStringBuilder { ConnectionString = server }.ContainsKey("Timeout"))
            admin.Timeout = 5;
        var name = $"portal_test_{Guid.NewGuid():N}";
        try
        {
            await ExecuteAsync(admin.ConnectionString, $"CREATE DATABASE \"{name}\"", cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
        {
            throw new InvalidOperationException(Unreachable(admin, ex), ex);
        }

        var database = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new PostgresTestDatabase(name, admin.ConnectionString, database.ConnectionString);
    }

    public override PortalDbContext CreateContext() =>
        new PostgresPortalDbContext(DesignTime.Options<PostgresPortalDbContext>(o => o.UseNpgsql(ConnectionString)));

    public override async ValueTask DisposeAsync()
    {
        await using (var connection = new NpgsqlConnection(ConnectionString))
            NpgsqlConnection.ClearPool(connection);

        // Not DROP … WITH (FORCE): it refuses, for a non-superuser, when an autovacuum worker is busy in the fresh
        // database. End our own sessions, then let a plain DROP wait out autovacuum (bounded retries).
        await using var admin = new NpgsqlConnection(_adminConnectionString);
        await admin.OpenAsync();
        for (var attempt = 1; ; attempt++)
        {
            await using (var terminate = new NpgsqlCommand(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity " +
                "WHERE datname = @name AND pid <> pg_backend_pid() AND usename = current_user", admin))
            {
                terminate.Parameters.AddWithValue("name", _name);
                await terminate.ExecuteNonQueryAsync();
            }

            try
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\"", admin);
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 10)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Unreachable(NpgsqlConnectionStringBuilder admin, Exception ex) =>
        $"""
        PostgreSQL tests need a server: connecting as {admin.Username}@{admin.Host}:{admin.Port} failed ({ex.Message}).
        Start Debian's PostgreSQL 15 and create the test role (as root):
          pg_ctlcluster 15 main start
          su postgres -c "psql -c \"CREATE ROLE portal LOGIN PASSWORD 'portal' CREATEDB\""
        or set {ServerVariable} to an Npgsql connection string of a user who may CREATE DATABASE
        (default: {DefaultServer}).
        """;
}
