using System.Net.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Common;
using Portal.Data;
using Portal.Domain.Audit;
using Portal.Features.Audit;
using Portal.Identity;

namespace Portal.Features.Team;

public sealed record TeamMember(string Id, string Email, bool IsOwner, bool IsYou);

/// <summary>A colleague just added, with the generated password that is shown to the owner once.</summary>
public sealed record AddedColleague(string Id, string Email, bool IsOwner, string Password);

/// <summary>The signed-in tenant's users: everyone sees the list; owners add colleagues, change roles and remove
/// colleagues. A tenant always keeps an owner. Role changes and removals renew the colleague's security stamp, so
/// their open sessions end at Identity's next check and a new sign-in carries the new role.</summary>
public sealed class ManageTeam(PortalDbContext db, UserManager<PortalUser> users, CurrentUser user, AuditTrail audit)
{
    private const string OwnersOnly = "Only the tenant's owners can manage its team.";

    public async Task<IReadOnlyList<TeamMember>> ListAsync(CancellationToken cancellationToken = default)
    {
        var (tenantId, me) = (user.TenantId, user.UserId);
        if (tenantId is null)
            return [];
        var members = await db.Users.AsNoTracking().Where(u => u.TenantId == tenantId)
            .Select(u => new { u.Id, u.Email, u.UserName, u.IsTenantOwner }).ToListAsync(cancellationToken);
        return members.Select(u => new TeamMember(u.Id, u.Email ?? u.UserName ?? u.Id, u.IsTenantOwner, u.Id == me))
            .OrderByDescending(m => m.IsOwner).ThenBy(m => m.Email, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>Creates the colleague's account with a generated password (no e-mail loop: the owner hands it over).</summary>
    public async Task<Result<AddedColleague>> AddAsync(string email, bool owner, CancellationToken cancellationToken = default)
    {
        if (Refuse() is { } refused)
            return refused;
        email = email.Trim();
        if (!MailAddress.TryCreate(email, out var address) || address.Address != email)
            return Error.Validation("email", "Enter a valid e-mail address.");
        if (await users.FindByEmailAsync(email) is not null || await users.FindByNameAsync(email) is not null)
            return Error.Validation("email", "This e-mail address already has an account in the portal.");

        var password = GeneratedPasswords.Create();
        var colleague = new PortalUser
        {
            UserName = email, Email = email, EmailConfirmed = true, TenantId = user.TenantId!.Value, IsTenantOwner = owner,
        };
        // Staged before CreateAsync so the user store's save commits it with the user; dropped if creation fails.
        var entry = audit.Record(AuditActions.UserAdded, AuditTargets.User, colleague.Id, email, $"Added as {TenantRoles.Of(owner)}.");
        var result = await users.CreateAsync(colleague, password);
        if (!result.Succeeded)
        {
            db.Entry(entry).State = EntityState.Detached;
            return Error.Validation("email", string.Join(" ", result.Errors.Select(e => e.Description)));
        }
        return new AddedColleague(colleague.Id, email, owner, password);
    }

    public async Task<Result<string>> ChangeRoleAsync(string userId, bool owner, CancellationToken cancellationToken = default)
    {
        if (Refuse() is { } refused)
            return refused;
        var colleague = await FindAsync(userId, cancellationToken);
        if (colleague is null)
            return Error.NotFound("Colleague not found.");
        if (colleague.IsTenantOwner == owner)
            return colleague.Id;
        if (!owner && !await HasAnotherOwnerAsync(colleague, cancellationToken))
            return Error.Conflict($"{colleague.Email} is the only owner: make someone else an owner first.");

        colleague.IsTenantOwner = owner;
        audit.Record(AuditActions.UserRoleChanged, AuditTargets.User, colleague.Id, colleague.Email ?? colleague.Id,
            $"Now {TenantRoles.Of(owner)}.");
        await users.UpdateSecurityStampAsync(colleague); // saves the role and the entry too
        return colleague.Id;
    }

    public async Task<Result<string>> RemoveAsync(string userId, CancellationToken cancellationToken = default)
    {
        if (Refuse() is { } refused)
            return refused;
        if (userId == user.UserId)
            return Error.Conflict("You cannot remove yourself; another owner can.");
        var colleague = await FindAsync(userId, cancellationToken);
        if (colleague is null)
            return Error.NotFound("Colleague not found.");
        if (colleague.IsTenantOwner && !await HasAnotherOwnerAsync(colleague, cancellationToken))
            return Error.Conflict($"{colleague.Email} is the only owner and cannot be removed.");

        audit.Record(AuditActions.UserRemoved, AuditTargets.User, colleague.Id, colleague.Email ?? colleague.Id);
        await users.DeleteAsync(colleague); // saves the entry too
        return colleague.Id;
    }

    private Error? Refuse() =>
        user.TenantId is null ? Error.NotFound("No tenant is signed in.")
        : user.IsTenantOwner ? null
        : Error.Forbidden(OwnersOnly);

    private Task<PortalUser?> FindAsync(string userId, CancellationToken cancellationToken)
    {
        var tenantId = user.TenantId;
        return db.Users.FirstOrDefaultAsync(u => u.Id == userId && u.TenantId == tenantId, cancellationToken);
    }

    /// <summary>Read from the database, not the caller's claims: an owner demoted in another session still holds an
    /// owner's cookie until it is renewed.</summary>
    private Task<bool> HasAnotherOwnerAsync(PortalUser colleague, CancellationToken cancellationToken) =>
        db.Users.AnyAsync(u => u.TenantId == colleague.TenantId && u.IsTenantOwner && u.Id != colleague.Id, cancellationToken);
}
