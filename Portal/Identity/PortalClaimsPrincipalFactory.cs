using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Data;

namespace Portal.Identity;

/// <summary>Puts the user's tenant and their role in it into the sign-in cookie, so every request knows both without a
/// query. A role change reaches an open session when Identity next validates its security stamp.</summary>
public sealed class PortalClaimsPrincipalFactory(
    UserManager<PortalUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PortalUser, IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PortalUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(PortalClaimTypes.TenantId, user.TenantId.ToString()));
        identity.AddClaim(new Claim(PortalClaimTypes.TenantRole, TenantRoles.Of(user.IsTenantOwner)));
        return identity;
    }
}
