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
            return (null, Taken(organisation));

        try
        {
            return await CreateAsync(organisation, email, password, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrent sign-up took the name in another letter case: the unique index refused this one.
            if (await IsTakenNowAsync(organisation, cancellationToken))
                return (null, Taken(organisation));
            throw;
        }
    }

    private static IdentityResult Taken(string organisation) => IdentityResult.Failed(new IdentityError
    {
        Code = "DuplicateTenant",
        Description = TenantNames.Taken(organisation),
    });

    private async Task<bool> IsTakenNowAsync(string organisation, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        return await db.Tenants.IsTakenAsync(organisation, cancellationToken);
    }

    private async Task<(PortalUser? User, IdentityResult Result)> CreateAsync(
        string organisation, string email, string password, CancellationToken cancellationToken)
    {
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
