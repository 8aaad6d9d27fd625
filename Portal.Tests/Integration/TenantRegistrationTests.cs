using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration;

/// <summary>Sign-up creates a tenant and its owner together, or neither.</summary>
public abstract class TenantRegistrationTests(PortalAppFactory host)
{
    private const string StrongPassword = "Strong-password-2026!";

    [Fact]
    public async Task RegisterAsync_creates_the_tenant_and_its_owner()
    {
        var (organisation, email) = UniqueNames();
        await using var scope = host.CreateScope();

        var (user, result) = await scope.Get<TenantRegistration>().RegisterAsync($"  {organisation} ", email, StrongPassword);

        Assert.True(result.Succeeded);
        Assert.NotNull(user);
        await using var db = host.Database.CreateContext();
        var tenant = await db.Tenants.SingleAsync(t => t.Name == organisation);
        var stored = await db.Users.SingleAsync(u => u.Email == email);
        Assert.Equal(tenant.Id, stored.TenantId);
        Assert.True(stored.IsTenantOwner);
        Assert.True(tenant.IsActive);
    }

    [Fact]
    public async Task RegisterAsync_with_a_duplicate_organisation_creates_nothing()
    {
        var existing = await host.RegisterAsync("Existing org");
        var (_, email) = UniqueNames();
        await using var scope = host.CreateScope();

        var (user, result) = await scope.Get<TenantRegistration>().RegisterAsync(existing.Name, email, StrongPassword);

        Assert.False(result.Succeeded);
        Assert.Null(user);
        Assert.Contains(result.Errors, e => e.Code == "DuplicateTenant");
        await using var db = host.Database.CreateContext();
        Assert.Equal(1, await db.Tenants.CountAsync(t => t.Name == existing.Name));
        Assert.False(await db.Users.AnyAsync(u => u.Email == email));
    }

    /// <summary>Issue 16: "acme" was accepted beside "Acme".</summary>
    [Theory]
    [InlineData("lower")]
    [InlineData("UPPER")]
    public async Task RegisterAsync_refuses_an_organisation_name_differing_only_in_case(string casing)
    {
        var existing = await host.RegisterAsync("Cased org");
        var (_, email) = UniqueNames();
        var name = casing == "lower" ? existing.Name.ToLowerInvariant() : existing.Name.ToUpperInvariant();
        await using var scope = host.CreateScope();

        var (user, result) = await scope.Get<TenantRegistration>().RegisterAsync($" {name} ", email, StrongPassword);

        Assert.Null(user);
        Assert.Contains(result.Errors, e => e.Code == "DuplicateTenant");
        await using var db = host.Database.CreateContext();
        Assert.False(await db.Tenants.AnyAsync(t => t.Name == name));
        Assert.False(await db.Users.AnyAsync(u => u.Email == email));
    }

    /// <summary>Issue 16: the letter-case check ran before the insert, so two sign-ups at the same moment both passed
    /// it. The unique index on the normalised name decides: one tenant, the other gets the same clear error.</summary>
    [Fact]
    public async Task Concurrent_sign_ups_with_names_differing_only_in_case_create_one_tenant()
    {
        var (organisation, _) = UniqueNames();
        var names = Enumerable.Range(0, 6).Select(i => i % 2 == 0 ? organisation.ToUpperInvariant() : organisation.ToLowerInvariant()).ToList();
        using var start = new SemaphoreSlim(0);

        var attempts = names.Select(async name =>
        {
            var (_, email) = UniqueNames();
            await using var scope = host.CreateScope();
            var registration = scope.Get<TenantRegistration>();
            await start.WaitAsync();
            return await registration.RegisterAsync(name, email, StrongPassword);
        }).ToList();
        start.Release(names.Count);
        var results = await Task.WhenAll(attempts);

        Assert.Single(results, r => r.Result.Succeeded);
        Assert.All(results.Where(r => !r.Result.Succeeded), r => Assert.Contains(r.Result.Errors, e => e.Code == "DuplicateTenant"));
        await using var db = host.Database.CreateContext();
        var normalized = organisation.ToUpperInvariant();
        Assert.Equal(1, await db.Tenants.CountAsync(t => t.NormalizedName == normalized));
    }

    [Fact]
    public async Task RegisterAsync_with_a_weak_password_leaves_neither_tenant_nor_user()
    {
        var (organisation, email) = UniqueNames();
        await using var scope = host.CreateScope();

        var (user, result) = await scope.Get<TenantRegistration>().RegisterAsync(organisation, email, "weak");

        Assert.False(result.Succeeded);
        Assert.Null(user);
        Assert.Contains(result.Errors, e => e.Code.StartsWith("Password", StringComparison.Ordinal));
        await AssertNothingStoredAsync(organisation, email);
    }

    [Fact]
    public async Task RegisterAsync_with_an_e_mail_already_in_use_leaves_no_tenant()
    {
        var existing = await host.RegisterAsync("Taken mail");
        var (organisation, _) = UniqueNames();
        await using var scope = host.CreateScope();

        var (user, result) = await scope.Get<TenantRegistration>().RegisterAsync(organisation, existing.Owner.Email!, StrongPassword);

        Assert.False(result.Succeeded);
        Assert.Null(user);
        await using var db = host.Database.CreateContext();
        Assert.False(await db.Tenants.AnyAsync(t => t.Name == organisation));
        Assert.Equal(1, await db.Users.CountAsync(u => u.Email == existing.Owner.Email));
    }

    [Fact]
    public async Task Registration_context_is_usable_after_a_failed_attempt()
    {
        var (organisation, email) = UniqueNames();
        await using var scope = host.CreateScope();
        var registration = scope.Get<TenantRegistration>();

        var (_, failed) = await registration.RegisterAsync(organisation, email, "weak");
        var (user, result) = await registration.RegisterAsync(organisation, email, StrongPassword);

        Assert.False(failed.Succeeded);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        Assert.True(await scope.Get<UserManager<PortalUser>>().CheckPasswordAsync(user!, StrongPassword));
    }

    private async Task AssertNothingStoredAsync(string organisation, string email)
    {
        await using var db = host.Database.CreateContext();
        Assert.False(await db.Tenants.AnyAsync(t => t.Name == organisation));
        Assert.False(await db.Users.AnyAsync(u => u.Email == email));
    }

    private static (string Organisation, string Email) UniqueNames()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        return ($"Organisation {suffix}", $"owner-{suffix}@registration.test");
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteTenantRegistrationTests(SqliteHost host) : TenantRegistrationTests(host.Factory);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresTenantRegistrationTests(PostgresHost host) : TenantRegistrationTests(host.Factory);
