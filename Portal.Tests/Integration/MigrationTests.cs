using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration;

/// <summary>Start-up in Development migrates an empty database to the latest model.</summary>
public abstract class MigrationTests(DatabaseProvider provider)
{
    [Fact]
    public async Task Start_up_on_an_empty_database_applies_every_migration()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        string[] known;
        await using (var before = database.CreateContext())
        {
            known = [.. before.Database.GetMigrations()];
            Assert.NotEmpty(known);
            Assert.Empty(await before.Database.GetAppliedMigrationsAsync());
        }

        await using (var factory = new PortalAppFactory(database))
        {
            factory.StartServer();
            await using var scope = factory.CreateScope();
            var db = scope.Get<PortalDbContext>();

            // The test's database (on PostgreSQL with the portal's automatic preparation appended).
            Assert.StartsWith(database.ConnectionString, db.Database.GetConnectionString(), StringComparison.Ordinal);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(known, await db.Database.GetAppliedMigrationsAsync());
        }
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteMigrationTests() : MigrationTests(DatabaseProvider.Sqlite);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresMigrationTests() : MigrationTests(DatabaseProvider.Postgres);
