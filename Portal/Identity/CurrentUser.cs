using System.Security.Claims;

namespace Portal.Identity;

/// <summary>The signed-in user of this DI scope (an HTTP request or a Blazor circuit), set by
/// <see cref="CurrentUserMiddleware"/> or <see cref="CurrentUserCircuitHandler"/>.</summary>
public sealed class CurrentUser : ICurrentTenant
{
    private ClaimsPrincipal _principal = new(new ClaimsIdentity());

    public ClaimsPrincipal Principal => _principal;

    public Guid? TenantId =>
        Guid.TryParse(_principal.FindFirstValue(PortalClaimTypes.TenantId), out var id) ? id : null;

    public string? UserId => _principal.FindFirstValue(ClaimTypes.NameIdentifier);

    public string? Name => _principal.Identity?.Name;

    public bool IsAdmin => _principal.IsInRole(PortalRoles.Admin);

    public void Set(ClaimsPrincipal principal) => _principal = principal;
}
