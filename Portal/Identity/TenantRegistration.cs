using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Tenants;

namespace Portal.Identity;

/// <summary>Sign-up: a new tenant and its owner, created together or not at all.</summary>
public sealed class TenantRegistration(PortalDbContext db, UserManager<PortalUser> users, TimeProvider clock)
{
    public async Task<(PortalUser? User, IdentityResult Result)> RegisterAsync(
        string organisation, string email, string password, CancellationToken cancellationToken = default)
    {
        organisation = organisation.Trim();
        if (await db.Tenants.IsTakenAsync(organisation, cancellationToken))
            return (null, IdentityResult.Failed(new IdentityError
            {
                Code = "DuplicateTenant",
                Description = $"An organisation named '{organisation}' already exists.",
            }));

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var tenant = new Tenant(organisation, clock.GetUtcNow());
            db.Tenants.Add(tenant);
            await db.SaveChangesAsync(cancellationToken);

            var user = new PortalUser { UserName = email, Email = email, TenantId = tenant.Id, IsTenantOwner = true };
            var result = await users.CreateAsync(user, password);
            if (!result.Succeeded)
            {
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
                return ((PortalUser?)null, result);
            }

            await transaction.CommitAsync(cancellationToken);
            return (user, result);
        });
    }
}
