using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data.Seeding;

namespace Portal.Data;

/// <summary>Applies migrations and the development seed at start-up when configured (both on in Development).</summary>
public sealed class DatabaseInitializer(
    PortalDbContext db,
    DevelopmentSeeder seeder,
    IOptions<DatabaseOptions> databaseOptions,
    IOptions<SeedOptions> seedOptions,
    IHostEnvironment environment,
    ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (databaseOptions.Value.Provider == DatabaseProvider.Sqlite)
        {
            // Readers and the dispatcher's writer work side by side; WAL persists in the database file.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            await db.Database.CloseConnectionAsync();
        }

        if (databaseOptions.Value.MigrateOnStartup ?? environment.IsDevelopment())
        {
            await db.Database.MigrateAsync(cancellationToken);
            logger.LogInformation("Database migrated ({Provider}).", databaseOptions.Value.Provider);
        }

        await EnsureOperationalEventTypesAsync(cancellationToken);
        if (seedOptions.Value.Enabled ?? environment.IsDevelopment())
            await seeder.SeedAsync(cancellationToken);
    }

    /// <summary>Portal's own event types are in every catalogue, so tenants and operators can subscribe to them.</summary>
    private async Task EnsureOperationalEventTypesAsync(CancellationToken cancellationToken)
    {
        var names = Portal.Domain.Catalogue.OperationalEventTypes.Names.ToList();
        var existing = await db.EventTypes.IgnoreQueryFilters().Where(e => names.Contains(e.Name)).Select(e => e.Name).ToListAsync(cancellationToken);
        db.EventTypes.AddRange(Portal.Domain.Catalogue.OperationalEventTypes.Create().Where(e => !existing.Contains(e.Name)));
        await db.SaveChangesAsync(cancellationToken);
    }
}

public static class DatabaseInitializerExtensions
{
    public static async Task InitializePortalDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(app.Lifetime.ApplicationStopping);
    }
}
