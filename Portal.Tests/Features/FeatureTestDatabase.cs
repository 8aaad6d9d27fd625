using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Identity;

namespace Portal.Tests.Features;

/// <summary>A real SQLite database file with Portal's migrations applied, and a factory whose contexts see the
/// tenant set in <see cref="Tenant"/> — the same filter the running app applies.</summary>
public sealed class FeatureTestDatabase : IAsyncDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"portal-ui-tests-{Guid.NewGuid():N}.db");
    private readonly DbContextOptions<SqlitePortalDbContext> _options;

    // The design-time options carry the host's Identity store options, so the model matches the migrations.
    private FeatureTestDatabase() =>
        _options = DesignTime.Options<SqlitePortalDbContext>(o => o.UseSqlite($"Data Source={_path}"));

    public TestTenant Tenant { get; } = new();

    /// <summary>What pages under test receive: contexts filtered to <see cref="Tenant"/>.</summary>
    public IDbContextFactory<PortalDbContext> Factory => new TenantContextFactory(this);

    public static async Task<FeatureTestDatabase> CreateAsync()
    {
        var database = new FeatureTestDatabase();
        await using var db = database.CreateContext(NoTenant.Instance);
        await db.Database.MigrateAsync();
        return database;
    }

    /// <summary>A context for arranging data; without a tenant it may write every tenant's rows.</summary>
    public SqlitePortalDbContext CreateContext(ICurrentTenant? tenant = null)
    {
        var context = new SqlitePortalDbContext(_options);
        context.WithTenant(tenant ?? NoTenant.Instance);
        return context;
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
        return ValueTask.CompletedTask;
    }

    private sealed class TenantContextFactory(FeatureTestDatabase database) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => database.CreateContext(database.Tenant);
    }
}

public sealed class TestTenant : ICurrentTenant
{
    public Guid? TenantId { get; set; }
}

public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
