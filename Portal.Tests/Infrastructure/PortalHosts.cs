using Portal.Data;

namespace Portal.Tests.Infrastructure;

/// <summary>One started host per provider, shared by a test collection: start-up (migrate + seed) is paid once,
/// and at most one host per provider runs at a time, which keeps 2 cores busy but not swamped. Tests that share
/// it create their own uniquely named tenants, so they never depend on each other's data.</summary>
public abstract class PortalHost(DatabaseProvider provider, IReadOnlyDictionary<string, string?>? settings = null) : IAsyncLifetime
{
    public PortalAppFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Factory = await PortalAppFactory.CreateAsync(provider, settings);
        Factory.StartServer();
    }

    public async Task DisposeAsync()
    {
        if (Factory is not null)
            await Factory.DisposeAsync();
    }
}

public sealed class SqliteHost() : PortalHost(DatabaseProvider.Sqlite);

public sealed class PostgresHost() : PortalHost(DatabaseProvider.Postgres);

[CollectionDefinition(Name)]
public sealed class SqliteHostCollection : ICollectionFixture<SqliteHost>
{
    public const string Name = "Portal host on SQLite";
}

[CollectionDefinition(Name)]
public sealed class PostgresHostCollection : ICollectionFixture<PostgresHost>
{
    public const string Name = "Portal host on PostgreSQL";
}
