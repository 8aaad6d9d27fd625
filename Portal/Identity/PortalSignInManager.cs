using System.Security.Claims;
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

    /// <summary>A refresh (after a password or profile change) re-issues the cookie from the user; an embedded
    /// session (<see cref="PortalClaimTypes.Embed"/>) must stay embedded, so its claim is carried over.</summary>
    public override async Task RefreshSignInAsync(PortalUser user)
    {
        var auth = await Context.AuthenticateAsync(AuthenticationScheme);
        var embed = auth.Principal?.FindFirst(PortalClaimTypes.Embed);
        if (!auth.Succeeded || embed is null || auth.Principal!.FindFirstValue(ClaimTypes.NameIdentifier) != user.Id)
        {
            await base.RefreshSignInAsync(user);
            return;
        }

        List<Claim> claims = [new(PortalClaimTypes.Embed, embed.Value)];
        if (auth.Principal.FindFirst("amr") is { } method)
            claims.Add(new Claim("amr", method.Value));
        await SignInWithClaimsAsync(user, auth.Properties, claims);
    }

    /// <summary>Lets the login page tell a suspended organisation apart from a wrong password.</summary>
    public Task<bool> IsTenantSuspendedAsync(PortalUser user) =>
        db.Tenants.AnyAsync(t => t.Id == user.TenantId && t.Status == TenantStatus.Suspended);
}
