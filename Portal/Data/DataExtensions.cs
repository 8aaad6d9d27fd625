using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Portal.Data.Seeding;
using Portal.Identity;

namespace Portal.Data;

public static class DataExtensions
{
    /// <summary>Registers the provider-specific context behind <see cref="PortalDbContext"/> and
    /// <see cref="IDbContextFactory{PortalDbContext}"/>, and Data Protection keys stored in the database.</summary>
    public static IHostApplicationBuilder AddPortalData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<SeedOptions>().BindConfiguration(SeedOptions.Section);

        var provider = builder.Configuration.GetValue(
            $"{DatabaseOptions.Section}:{nameof(DatabaseOptions.Provider)}", DatabaseProvider.Sqlite);
        var connectionString = builder.Configuration.GetConnectionString("Portal");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = provider == DatabaseProvider.Sqlite
                ? DatabaseOptions.DefaultSqliteConnectionString
                : throw new InvalidOperationException(
                    $"ConnectionStrings:Portal is required when Database:Provider is {provider}.");
        }

        builder.Services.AddScoped<CurrentUser>();
        builder.Services.AddScoped<ICurrentTenant>(sp => sp.GetRequiredService<CurrentUser>());

        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                var synchronous = builder.Configuration.GetValue(
                    $"{DatabaseOptions.Section}:{nameof(DatabaseOptions.SqliteSynchronous)}", SqliteSynchronous.Normal);
                builder.Services.AddPortalContext<SqlitePortalDbContext>(o => o.UseSqlite(connectionString)
                    .AddInterceptors(new SqliteConnectionSettings(synchronous)));
                break;
            case DatabaseProvider.SqlServer:
                builder.Services.AddPortalContext<SqlServerPortalDbContext>(o => o.UseSqlServer(connectionString));
                break;
            case DatabaseProvider.Postgres:
                builder.Services.AddPortalContext<PostgresPortalDbContext>(o => o.UseNpgsql(connectionString));
                break;
        }

        builder.Services.AddDataProtection()
            .SetApplicationName("Portal")
            .PersistKeysToDbContext<PortalDbContext>();
        builder.Services.AddScoped<DatabaseInitializer>();
        return builder;
    }

    private static void AddPortalContext<TContext>(this IServiceCollection services, Action<DbContextOptionsBuilder> configure)
        where TContext : PortalDbContext
    {
        // Scoped factory: contexts receive the scope's ICurrentTenant (request or circuit).
        services.AddDbContextFactory<TContext>(configure, ServiceLifetime.Scoped);
        services.AddScoped<IDbContextFactory<PortalDbContext>, PortalDbContextFactory<TContext>>();
        services.AddScoped<PortalDbContext>(sp => sp.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext());
    }

    private sealed class PortalDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<PortalDbContext>
        where TContext : PortalDbContext
    {
        public PortalDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
