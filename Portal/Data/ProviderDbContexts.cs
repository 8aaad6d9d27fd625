using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Portal.Data;

public sealed class SqlitePortalDbContext(DbContextOptions<SqlitePortalDbContext> options)
    : PortalDbContext(options)
{
    /// <summary>SQLite cannot compare or order DateTimeOffset text; stored as an order-preserving integer instead.</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

public sealed class SqlServerPortalDbContext(DbContextOptions<SqlServerPortalDbContext> options)
    : PortalDbContext(options);

public sealed class PostgresPortalDbContext(DbContextOptions<PostgresPortalDbContext> options)
    : PortalDbContext(options);
