using Npgsql;

namespace Portal.Bench;

/// <summary>The run's database: a temporary SQLite file, or a fresh PostgreSQL database dropped at the end.</summary>
public sealed class Database : IAsyncDisposable
{
    private readonly string? _sqlitePath;
    private readonly string? _postgresName;
    private readonly string? _adminConnectionString;

    private Database(Provider provider, string connectionString, string? sqlitePath, string? postgresName, string? admin)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _sqlitePath = sqlitePath;
        _postgresName = postgresName;
        _adminConnectionString = admin;
    }

    public Provider Provider { get; }

    /// <summary>The SQLite file (null on PostgreSQL).</summary>
    public string? SqlitePath => _sqlitePath;

    public string ConnectionString { get; }

    public string Description => Provider == Provider.Postgres ? $"PostgreSQL database {_postgresName}" : $"SQLite {_sqlitePath}";

    public static async Task<Database> CreateAsync(BenchOptions options)
    {
        if (options.Provider == Provider.Sqlite)
        {
            var path = Path.Combine(Path.GetTempPath(), $"portal-bench-{Guid.NewGuid():N}.db");
            return new Database(Provider.Sqlite, $"Data Source={path}", path, null, null);
        }

        var admin = new NpgsqlConnectionStringBuilder(options.PostgresServer) { Database = "postgres", Pooling = false };
        var name = $"portal_bench_{Guid.NewGuid():N}";
        await ExecuteAsync(admin.ConnectionString, $"CREATE DATABASE \"{name}\"");
        // Room for every host's pool (default 100 each is more than the server's 100 connections).
        var database = new NpgsqlConnectionStringBuilder(options.PostgresServer) { Database = name, MaxPoolSize = 40 };
        return new Database(Provider.Postgres, database.ConnectionString, null, name, admin.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqlitePath is not null)
        {
            foreach (var suffix in new[] { "", "-shm", "-wal", "-journal" })
                File.Delete(_sqlitePath + suffix);
            return;
        }

        NpgsqlConnection.ClearAllPools();
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            try
            {
                await ExecuteAsync(_adminConnectionString!,
                    $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{_postgresName}' AND pid <> pg_backend_pid()");
                await ExecuteAsync(_adminConnectionString!, $"DROP DATABASE IF EXISTS \"{_postgresName}\"");
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse)
            {
                await Task.Delay(200 * attempt);
            }
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
