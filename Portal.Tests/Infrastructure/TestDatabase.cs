using Portal.Data;

namespace Portal.Tests.Infrastructure;

/// <summary>A real, empty database that lives as long as this object: a temp SQLite file or a fresh PostgreSQL
/// database. Several hosts can use it one after the other (start-up twice on the same data).</summary>
public abstract class TestDatabase : IAsyncDisposable
{
    public abstract DatabaseProvider Provider { get; }

    /// <summary>What the host receives as <c>ConnectionStrings:Portal</c>.</summary>
    public abstract string ConnectionString { get; }

    /// <summary>A context on this database outside any host, with no tenant (sees nothing tenant-owned unless
    /// the query ignores the filter). The model is the host's (same Identity store options).</summary>
    public abstract PortalDbContext CreateContext();

    public abstract ValueTask DisposeAsync();

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, CancellationToken cancellationToken = default) =>
        provider switch
        {
            DatabaseProvider.Sqlite => SqliteTestDatabase.Create(),
            DatabaseProvider.Postgres => await PostgresTestDatabase.CreateAsync(cancellationToken),
            _ => throw new NotSupportedException($"No test database for {provider}: no such server runs here."),
        };
}
