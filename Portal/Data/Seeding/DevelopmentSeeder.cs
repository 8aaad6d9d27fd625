using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Domain.Access;
using Portal.Domain.Tenants;
using Portal.Identity;

namespace Portal.Data.Seeding;

/// <summary>Idempotent demo data: operators' tenant with the admin, tenant "Acme" with its user, API key and OAuth2 client,
/// and the event catalogue. Running it twice changes nothing.</summary>
public sealed class DevelopmentSeeder(
    PortalDbContext db,
    UserManager<PortalUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<SeedOptions> options,
    TimeProvider clock,
    ILogger<DevelopmentSeeder> logger)
{
    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        var seed = options.Value;
        var now = clock.GetUtcNow();

        if (!await roles.RoleExistsAsync(PortalRoles.Admin))
            Check(await roles.CreateAsync(new IdentityRole(PortalRoles.Admin)));

        var operators = await EnsureTenantAsync(seed.OperatorsTenantName, now, cancellationToken);
        var acme = await EnsureTenantAsync(seed.DemoTenantName, now, cancellationToken);
        await EnsureUserAsync(seed.AdminEmail, seed.Password, operators.Id, admin: true);
        await EnsureUserAsync(seed.DemoEmail, seed.Password, acme.Id, admin: false);

        var keyHash = ApiKey.HashValue(seed.DemoApiKey);
        if (!await db.ApiKeys.AnyAsync(k => k.Hash == keyHash, cancellationToken))
            db.ApiKeys.Add(ApiKey.FromKnownValue(acme.Id, "Demo key", seed.DemoApiKey, now));
        var platformKeyHash = ApiKey.HashValue(seed.PlatformApiKey);
        if (!await db.ApiKeys.AnyAsync(k => k.Hash == platformKeyHash, cancellationToken))
            db.ApiKeys.Add(ApiKey.FromKnownValue(null, "Demo platform key", seed.PlatformApiKey, now));
        if (!await db.ApiClients.AnyAsync(c => c.ClientId == seed.DemoClientId, cancellationToken))
            db.ApiClients.Add(ApiClient.FromKnownValues(acme.Id, "Demo client", seed.DemoClientId, seed.DemoClientSecret, now));

        var existing = await db.EventTypes.Select(e => e.Name).ToListAsync(cancellationToken);
        db.EventTypes.AddRange(CatalogueSeed.Create().Where(e => !existing.Contains(e.Name)));
        var aliases = await db.EventTypeAliases.Select(a => a.Alias).ToListAsync(cancellationToken);
        db.EventTypeAliases.AddRange(CatalogueSeed.Aliases().Where(a => !aliases.Contains(a.Alias) && !existing.Contains(a.Alias)));

        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Development seed applied: {Admin} (Admin), {Demo} (tenant {Tenant}).",
            seed.AdminEmail, seed.DemoEmail, seed.DemoTenantName);
    }

    private async Task<Tenant> EnsureTenantAsync(string name, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Name == name, cancellationToken);
        if (tenant is not null)
            return tenant;
        tenant = new Tenant(name, now);
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync(cancellationToken);
        return tenant;
    }

    private async Task EnsureUserAsync(string email, string password, Guid tenantId, bool admin)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new PortalUser
            {
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                TenantId = tenantId,
                IsTenantOwner = true,
            };
            Check(await users.CreateAsync(user, password));
        }

        if (admin && !await users.IsInRoleAsync(user, PortalRoles.Admin))
            Check(await users.AddToRoleAsync(user, PortalRoles.Admin));
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException(
                "Seeding failed: " + string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
