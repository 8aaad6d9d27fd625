using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Portal.Data;

// `dotnet ef` builds these instead of starting the host: one per provider, each with its own migrations folder.
// No server is contacted to add migrations or script them, so SQL Server migrations are made here too.

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqlitePortalDbContext>
{
    public SqlitePortalDbContext CreateDbContext(string[] args) =>
        new(DesignTime.Options<SqlitePortalDbContext>(o => o.UseSqlite("Data Source=design.db")));
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerPortalDbContext>
{
    public SqlServerPortalDbContext CreateDbContext(string[] args) =>
        new(DesignTime.Options<SqlServerPortalDbContext>(o => o.UseSqlServer("Server=.;Database=Portal;Trusted_Connection=True")));
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresPortalDbContext>
{
    public PostgresPortalDbContext CreateDbContext(string[] args) =>
        new(DesignTime.Options<PostgresPortalDbContext>(o => o.UseNpgsql("Host=localhost;Database=portal")));
}

internal static class DesignTime
{
    /// <summary>IdentityDbContext shapes its model from IdentityOptions (schema version 3 adds passkeys), which it
    /// reads from the application's services; give it the same options the host uses.</summary>
    public static DbContextOptions<T> Options<T>(Action<DbContextOptionsBuilder<T>> provider) where T : DbContext
    {
        var services = new ServiceCollection()
            .Configure<IdentityOptions>(DataExtensions.ConfigureIdentityStores)
            .BuildServiceProvider();
        var builder = new DbContextOptionsBuilder<T>().UseApplicationServiceProvider(services);
        provider(builder);
        return builder.Options;
    }
}
