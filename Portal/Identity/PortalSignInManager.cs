using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Domain.Tenants;

namespace Portal.Identity;

/// <summary>Adds the one platform rule to Identity's sign-in checks: users of a suspended tenant may not sign in.
/// Password, passkey, two-factor and external sign-ins all pass <see cref="CanSignInAsync"/>, so the rule
/// lives here once; sessions already open end when suspension renews the users' security stamps.</summary>
public sealed class PortalSignInManager(
    UserManager<PortalUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<PortalUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<PortalUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PortalUser> confirmation,
    PortalDbContext db)
    : SignInManager<PortalUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(PortalUser user)
    {
        if (!await base.CanSignInAsync(user))
            return false;
        return !await IsTenantSuspendedAsync(user);
    }

    /// <summary>Lets the login page tell a suspended organisation apart from a wrong password.</summary>
    public Task<bool> IsTenantSuspendedAsync(PortalUser user) =>
        db.Tenants.AnyAsync(t => t.Id == user.TenantId && t.Status == TenantStatus.Suspended);
}
