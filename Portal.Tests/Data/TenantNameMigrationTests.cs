using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Portal.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Data;

/// <summary>Issue 16: names differing only in letter case could exist before the normalised-name index. Upgrading a
/// database that holds such names must not fail: the oldest keeps its normalised name, the others stay unique.</summary>
public abstract class TenantNameMigrationTests(DatabaseProvider provider)
{
    private const string Before = "NotificationRecipients";

    [Fact]
    public async Task Upgrade_keeps_names_that_differ_only_in_case_and_builds_the_unique_index()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateContext();
        var migrator = db.GetService<IMigrator>();
        var before = db.Database.GetMigrations().Single(m => m.EndsWith("_" + Before, StringComparison.Ordinal));
        await migrator.MigrateAsync(before);
        var older = Guid.CreateVersion7(DateTimeOffset.UtcNow.AddMinutes(-1));
        var newer = Guid.CreateVersion7(DateTimeOffset.UtcNow);
        foreach (var (id, name) in new[] { (older, "Acme"), (newer, "acme"), (Guid.CreateVersion7(), "Other") })
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO \"Tenants\" (\"Id\", \"Name\", \"Status\", \"CreatedAt\") VALUES ({id}, {name}, {"Active"}, {DateTimeOffset.UtcNow})");

        await migrator.MigrateAsync();

        var tenants = await db.Tenants.AsNoTracking().ToDictionaryAsync(t => t.Id);
        Assert.Equal("ACME", tenants[older].NormalizedName);
        Assert.StartsWith("ACME#", tenants[newer].NormalizedName, StringComparison.Ordinal);
        Assert.Equal("OTHER", tenants.Values.Single(t => t.Name == "Other").NormalizedName);
        Assert.Equal("acme", tenants[newer].Name);
    }
}

public sealed class SqliteTenantNameMigrationTests() : TenantNameMigrationTests(DatabaseProvider.Sqlite);

public sealed class PostgresTenantNameMigrationTests() : TenantNameMigrationTests(DatabaseProvider.Postgres);
