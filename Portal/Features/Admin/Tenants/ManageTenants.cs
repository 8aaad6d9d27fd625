using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Common;
using Portal.Data;
using Portal.Dispatch;
using Portal.Domain.Audit;
using Portal.Domain.Tenants;
using Portal.Features.Audit;
using Portal.Identity;

namespace Portal.Features.Admin.Tenants;

public sealed record TenantUser(string Id, string Email, bool IsOwner, bool IsAdmin, DateTimeOffset? LockedOutUntil);

public sealed record TenantDetail(Guid Id, string Name, TenantStatus Status, DateTimeOffset CreatedAt,
    IReadOnlyList<TenantUser> Users);

/// <summary>The password of a new user, shown to the operator once.</summary>
public sealed record AddedUser(string Id, string Email, string Password);

/// <summary>Operator use cases on tenants and their users. Admin pages only: it reads and writes across tenants.</summary>
public sealed class ManageTenants(
    PortalDbContext db, UserManager<PortalUser> users, RoleManager<IdentityRole> roles, CurrentUser currentUser,
    DispatchSignal dispatch, AuditTrail audit, TimeProvider clock)
{
    public async Task<Result<Guid>> CreateTenantAsync(string name, CancellationToken cancellationToken = default)
    {
        name = name.Trim();
        if (TenantNames.Check(name) is { } invalid)
            return invalid;
        if (await db.Tenants.IsTakenAsync(name, cancellationToken))
            return Error.Validation("name", TenantNames.Taken(name));
        var tenant = new Tenant(name, clock.GetUtcNow());
        db.Tenants.Add(tenant);
        audit.RecordPlatform(AuditActions.TenantCreated, AuditTargets.Tenant, tenant.Id.ToString(), tenant.Name);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrent creation took the name (in any letter case) meanwhile: the unique index refused this one.
            db.ChangeTracker.Clear();
            if (await db.Tenants.IsTakenAsync(name, cancellationToken))
                return Error.Validation("name", TenantNames.Taken(name));
            throw;
        }

        return tenant.Id;
    }

    public async Task<TenantDetail?> FindAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        var tenant = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == tenantId, cancellationToken);
        if (tenant is null)
            return null;
        var members = await db.Users.AsNoTracking().Where(u => u.TenantId == tenantId)
            .OrderBy(u => u.Email).ToListAsync(cancellationToken);
        var admins = (await users.GetUsersInRoleAsync(PortalRoles.Admin)).Select(u => u.Id).ToHashSet();
        var now = clock.GetUtcNow();
        return new TenantDetail(tenant.Id, tenant.Name, tenant.Status, tenant.CreatedAt,
        [
            .. members.Select(u => new TenantUser(u.Id, u.Email ?? u.UserName ?? "", u.IsTenantOwner, admins.Contains(u.Id),
                u.LockoutEnd > now ? u.LockoutEnd : null)),
        ]);
    }

    /// <summary>Stops the tenant's deliveries (the dispatcher skips it) and its sign-ins; open sessions end at their
    /// next security-stamp check because every user's stamp is renewed.</summary>
    public async Task<Result<Guid>> SuspendAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Id == tenantId, cancellationToken);
        if (tenant is null)
            return Error.NotFound("Tenant not found.");
        if (tenant.Id == currentUser.TenantId)
            return Error.Conflict("You cannot suspend your own organisation.");
        tenant.Suspend();
        audit.RecordPlatform(AuditActions.TenantSuspended, AuditTargets.Tenant, tenant.Id.ToString(), tenant.Name,
            "Deliveries and sign-ins stopped.");
        await db.SaveChangesAsync(cancellationToken);
        foreach (var user in await db.Users.Where(u => u.TenantId == tenantId).ToListAsync(cancellationToken))
            await users.UpdateSecurityStampAsync(user);
        return tenant.Id;
    }

    public async Task<Result<Guid>> ReactivateAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Id == tenantId, cancellationToken);
        if (tenant is null)
            return Error.NotFound("Tenant not found.");
        tenant.Reactivate();
        audit.RecordPlatform(AuditActions.TenantReactivated, AuditTargets.Tenant, tenant.Id.ToString(), tenant.Name);
        await db.SaveChangesAsync(cancellationToken);
        // Its queue waited while suspended: send it now rather than at the dispatcher's next idle poll.
        dispatch.Wake();
        return tenant.Id;
    }

    /// <summary>Adds a user to the tenant; without a password one is generated (and returned, to be shown once).</summary>
    public async Task<Result<AddedUser>> AddUserAsync(Guid tenantId, string email, string? password,
        CancellationToken cancellationToken = default)
    {
        email = email.Trim();
        var tenantName = await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.Name).FirstOrDefaultAsync(cancellationToken);
        if (tenantName is null)
            return Error.NotFound("Tenant not found.");
        if (email.Length == 0 || !email.Contains('@', StringComparison.Ordinal))
            return Error.Validation("email", "Enter a valid e-mail address.");
        password = string.IsNullOrWhiteSpace(password) ? GeneratedPasswords.Create() : password;
        var user = new PortalUser { UserName = email, Email = email, TenantId = tenantId, EmailConfirmed = true };
        // Staged before CreateAsync so the user store's save commits it with the user; dropped if creation fails.
        var entry = audit.RecordPlatform(AuditActions.UserAdded, AuditTargets.User, user.Id, email, $"Added to {tenantName}.");
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            db.Entry(entry).State = EntityState.Detached;
            return Error.Validation(result.Errors.Any(e => e.Code.Contains("Password", StringComparison.Ordinal)) ? "password" : "email",
                string.Join(" ", result.Errors.Select(e => e.Description)));
        }
        return new AddedUser(user.Id, email, password);
    }

    public async Task<Result<string>> ResetLockoutAsync(string userId)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
            return Error.NotFound("User not found.");
        audit.RecordPlatform(AuditActions.UserLockoutReset, AuditTargets.User, user.Id, user.Email ?? user.Id);
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        return user.Id;
    }

    public async Task<Result<string>> GrantAdminAsync(string userId)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
            return Error.NotFound("User not found.");
        if (!await roles.RoleExistsAsync(PortalRoles.Admin))
            await roles.CreateAsync(new IdentityRole(PortalRoles.Admin));
        if (!await users.IsInRoleAsync(user, PortalRoles.Admin))
        {
            audit.RecordPlatform(AuditActions.UserAdminGranted, AuditTargets.User, user.Id, user.Email ?? user.Id);
            await users.AddToRoleAsync(user, PortalRoles.Admin);
        }
        return user.Id;
    }

    public async Task<Result<string>> RevokeAdminAsync(string userId)
    {
        if (userId == currentUser.UserId)
            return Error.Conflict("You cannot remove your own Admin role.");
        var user = await users.FindByIdAsync(userId);
        if (user is null)
            return Error.NotFound("User not found.");
        if (await users.IsInRoleAsync(user, PortalRoles.Admin))
        {
            audit.RecordPlatform(AuditActions.UserAdminRevoked, AuditTargets.User, user.Id, user.Email ?? user.Id);
            await users.RemoveFromRoleAsync(user, PortalRoles.Admin);
        }
        return user.Id;
    }
}
