using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Data.Seeding;

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

        // `ids.Contains(x.Id)` becomes one parameter (json_each on SQLite, an array on PostgreSQL) rather than EF 10's
        // default of one parameter per element: the SQL stays the same whatever the count, so it is generated once and
        // cached, instead of on every execution of the dispatcher's queries. SQL Server keeps the default (its plan
        // cache estimates OPENJSON poorly).
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                var synchronous = builder.Configuration.GetValue(
                    $"{DatabaseOptions.Section}:{nameof(DatabaseOptions.SqliteSynchronous)}", SqliteSynchronous.Normal);
                builder.Services.AddPortalContext<SqlitePortalDbContext>(o => o
                    .UseSqlite(connectionString, sqlite => sqlite.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter))
                    .AddInterceptors(new SqliteConnectionSettings(synchronous)));
                break;
            case DatabaseProvider.SqlServer:
                builder.Services.AddPortalContext<SqlServerPortalDbContext>(o => o.UseSqlServer(connectionString));
                break;
            case DatabaseProvider.Postgres:
                var postgres = WithAutoPrepare(connectionString);
                builder.Services.AddPortalContext<PostgresPortalDbContext>(o => o
                    .UseNpgsql(postgres, npgsql => npgsql.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter)));
                break;
        }

        builder.Services.AddDataProtection()
            .SetApplicationName("Portal")
            .PersistKeysToDbContext<PortalDbContext>()
            .ProtectKeysWithConfiguredCertificate(builder.Configuration);
        builder.Services.AddHealthChecks().AddDbContextCheck<PortalDbContext>("database");
        builder.Services.AddDatabaseDeveloperPageExceptionFilter();
        builder.Services.AddScoped<DatabaseInitializer>();
        builder.Services.AddSingleton<SqliteWriteGate>();
        return builder;
    }

    /// <summary>Npgsql's automatic preparation, unless the connection string sets it: a statement the portal sends
    /// again and again (the claim, the recorder's writes, the publisher's inserts) is parsed and planned by the server
    /// once per connection instead of on every execution — a quarter of PostgreSQL's CPU per event at a trickle
    /// (docs/performance.md). An operator behind a pooler without prepared-statement support sets
    /// <c>Max Auto Prepare=0</c>.</summary>
    internal static string WithAutoPrepare(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal)
                .Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
            return connectionString;
        var settings = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        settings.MaxAutoPrepare = 64;
        settings.AutoPrepareMinUsages = 2;
        return settings.ConnectionString;
    }

    /// <summary>Identity's tables as the model has them (schema version 3 adds passkeys): the host's Identity and the
    /// design-time factories configure the same.</summary>
    public static void ConfigureIdentityStores(IdentityOptions options) =>
        options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;

    /// <summary>Pooled contexts (EF Core's context pool: options built once, a context's internal services reused
    /// instead of set up per request — most of what a short request's context used to cost), handed out by a scoped
    /// factory that gives each lease the scope's <see cref="ICurrentTenant"/>.</summary>
    private static void AddPortalContext<TContext>(this IServiceCollection services, Action<DbContextOptionsBuilder> configure)
        where TContext : PortalDbContext
    {
        services.AddPooledDbContextFactory<TContext>(configure);
        services.AddScoped<IDbContextFactory<PortalDbContext>>(sp => new TenantContextFactory<TContext>(
            sp.GetRequiredService<IDbContextFactory<TContext>>(), sp.GetRequiredService<ICurrentTenant>()));
        services.AddScoped<PortalDbContext>(sp => sp.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext());
    }

    private sealed class TenantContextFactory<TContext>(IDbContextFactory<TContext> pool, ICurrentTenant tenant)
        : IDbContextFactory<PortalDbContext>
        where TContext : PortalDbContext
    {
        public PortalDbContext CreateDbContext() => pool.CreateDbContext().WithTenant(tenant);
    }
}
