using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Portal.Identity;

namespace Portal.Data;

public sealed class SqlitePortalDbContext(DbContextOptions<SqlitePortalDbContext> options, ICurrentTenant currentTenant)
    : PortalDbContext(options, currentTenant)
{
    /// <summary>SQLite cannot compare or order DateTimeOffset text; stored as an order-preserving integer instead.</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

public sealed class SqlServerPortalDbContext(DbContextOptions<SqlServerPortalDbContext> options, ICurrentTenant currentTenant)
    : PortalDbContext(options, currentTenant);

public sealed class PostgresPortalDbContext(DbContextOptions<PostgresPortalDbContext> options, ICurrentTenant currentTenant)
    : PortalDbContext(options, currentTenant);
