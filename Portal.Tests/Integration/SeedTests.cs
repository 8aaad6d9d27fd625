using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Access;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration;

/// <summary>The development seed: the demo catalogue and logins, and nothing more when the host starts again.</summary>
public abstract class SeedTests(PortalAppFactory host)
{
    private static readonly string[] ExpectedEventTypes =
    [
        "legal_entity.onboarding", "invoice.inbound", "invoice.outbound", "invoice.status",
        "employee.created", "employee.updated", "employee.deleted", "expense.created",
        "ledgerpayment", "statuschange", "Invoice.SUBMITTED", "Invoice.VERIFIED",
    ];

    [Fact]
    public async Task Starting_the_host_twice_on_one_database_seeds_once()
    {
        await using var database = await TestDatabase.CreateAsync(host.Provider);

        var first = await StartAndCountAsync(database);
        var second = await StartAndCountAsync(database);

        Assert.Equal(first, second);
        Assert.Equal(2, first.Tenants);
        Assert.Equal(2, first.Users);
        Assert.Equal(2, first.ApiKeys); // the demo tenant's key and the platform key
        Assert.Equal(1, first.AdminRoleMembers);
        Assert.True(first.EventTypes >= ExpectedEventTypes.Length);
    }

    [Fact]
    public async Task Seeded_catalogue_has_every_vendor_event_type_described_with_a_json_sample()
    {
        await using var db = host.Database.CreateContext();

        var catalogue = await db.EventTypes.AsNoTracking().ToDictionaryAsync(e => e.Name);

        Assert.All(ExpectedEventTypes, name => Assert.Contains(name, catalogue.Keys));
        Assert.All(catalogue.Values, type =>
        {
            Assert.False(string.IsNullOrWhiteSpace(type.Category), $"{type.Name} has no category");
            Assert.False(string.IsNullOrWhiteSpace(type.Description), $"{type.Name} has no description");
            using var sample = JsonDocument.Parse(type.SamplePayload);
            Assert.Equal(JsonValueKind.Object, sample.RootElement.ValueKind);
        });
    }

    [Fact]
    public async Task Seeded_logins_and_demo_key_are_the_documented_ones()
    {
        await using var scope = host.CreateScope();
        var db = scope.Get<PortalDbContext>();
        var users = scope.Get<UserManager<PortalUser>>();

        var acme = await db.Tenants.SingleAsync(t => t.Name == "Acme");
        var demo = await users.FindByEmailAsync("demo@acme.test");
        var admin = await users.FindByEmailAsync("admin@portal.local");
        var key = await db.ApiKeys.SingleAsync(k => k.Name == "Demo key");

        Assert.NotNull(demo);
        Assert.NotNull(admin);
        Assert.Equal(acme.Id, demo.TenantId);
        Assert.NotEqual(acme.Id, admin.TenantId);
        Assert.True(await users.CheckPasswordAsync(demo, "Portal-demo-2026!"));
        Assert.True(await users.CheckPasswordAsync(admin, "Portal-demo-2026!"));
        Assert.True(await users.IsInRoleAsync(admin, "Admin"));
        Assert.False(await users.IsInRoleAsync(demo, "Admin"));
        Assert.Equal(acme.Id, key.TenantId);
        Assert.Equal(ApiKey.HashValue("pk_demo_acme_0123456789abcdef"), key.Hash);
        var platformKey = await db.ApiKeys.SingleAsync(k => k.Hash == ApiKey.HashValue("pk_platform_demo_0123456789abcdef"));
        Assert.True(platformKey.IsPlatformKey);
    }

    private static async Task<SeedCounts> StartAndCountAsync(TestDatabase database)
    {
        await using (var factory = new PortalAppFactory(database))
            factory.StartServer();

        await using var db = database.CreateContext();
        var adminRole = await db.Roles.SingleAsync(r => r.Name == "Admin");
        return new SeedCounts(
            await db.Tenants.CountAsync(),
            await db.Users.CountAsync(),
            await db.EventTypes.CountAsync(),
            await db.ApiKeys.CountAsync(),
            await db.Roles.CountAsync(),
            await db.UserRoles.CountAsync(r => r.RoleId == adminRole.Id));
    }

    private sealed record SeedCounts(int Tenants, int Users, int EventTypes, int ApiKeys, int Roles, int AdminRoleMembers);
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteSeedTests(SqliteHost host) : SeedTests(host.Factory);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresSeedTests(PostgresHost host) : SeedTests(host.Factory);
