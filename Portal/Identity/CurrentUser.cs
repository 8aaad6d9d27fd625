using System.Runtime.CompilerServices;
using System.Security.Claims;
using Portal.Data;

namespace Portal.Identity;

/// <summary>The signed-in user of this DI scope, and so its tenant (the <see cref="ICurrentTenant"/> the tenant query
/// filter reads). Who that is follows from the kind of scope, and is decided here, once:
/// <list type="bullet">
/// <item>an HTTP request's scope (pages rendered on the server, the API, the portal hand-off): the request's
/// <see cref="HttpContext.User"/>, read at the time of use — so a scheme that authenticates after the pipeline began
/// (the API's, at authorization) is seen, and a sign-in assigns <see cref="HttpContext.User"/>, the ASP.NET way;</item>
/// <item>a Blazor circuit's scope: the circuit's authentication state, which <see cref="CurrentUserCircuitHandler"/>
/// hands over (the only writer, <see cref="FollowCircuit"/>); a circuit never reads an HttpContext (absent, or the
/// stale one of its WebSocket);</item>
/// <item>a scope opened by <see cref="CreateOperationScope"/> for one of this user's operations
/// (<c>ScopedOperation</c>: a UI operation with a fresh DbContext): this very object, so it is no copy that could
/// disagree;</item>
/// <item>any other scope (jobs, the dispatcher, a scope a request or circuit opens for shared work, such as the
/// publication writer storing other tenants' events in one batch): nobody — no tenant, so tenant-owned rows stay
/// hidden. A request's user is read only by the request's own scope (<see cref="HttpContext.RequestServices"/>), never
/// by another scope that happens to run in its flow.</item>
/// </list></summary>
public sealed class CurrentUser : ICurrentTenant
{
    /// <summary>The scopes <see cref="CreateOperationScope"/> opened, with the user they act as (weak: a scope that is
    /// gone leaves no entry).</summary>
    private static readonly ConditionalWeakTable<IServiceProvider, CurrentUser> ActingScopes = new();

    private readonly IServiceProvider? _scope;
    private readonly IHttpContextAccessor? _http;
    private readonly ClaimsPrincipal _nobody = new(new ClaimsIdentity());
    private volatile ClaimsPrincipal? _circuitPrincipal;

    /// <summary>Nobody signed in: a scope of neither a request nor a circuit.</summary>
    public CurrentUser()
    {
    }

    private CurrentUser(IServiceProvider scope, IHttpContextAccessor http)
    {
        _scope = scope;
        _http = http;
    }

    /// <summary>The user of <paramref name="scope"/> (the DI registration): the user it acts as if
    /// <see cref="CreateOperationScope"/> opened it, else a new one that follows the scope's request or circuit.</summary>
    public static CurrentUser Of(IServiceProvider scope) =>
        ActingScopes.TryGetValue(scope, out var actingAs)
            ? actingAs
            : new CurrentUser(scope, scope.GetRequiredService<IHttpContextAccessor>());

    public ClaimsPrincipal Principal => _circuitPrincipal ?? RequestUser ?? _nobody;

    /// <summary>The user of the HTTP request whose scope this is; null in any other scope.</summary>
    private ClaimsPrincipal? RequestUser =>
        _http?.HttpContext is { } context && _scope is not null && ReferenceEquals(context.RequestServices, _scope)
            ? context.User
            : null;

    public Guid? TenantId =>
        Guid.TryParse(Principal.FindFirstValue(PortalClaimTypes.TenantId), out var id) ? id : null;

    public string? UserId => Principal.FindFirstValue(ClaimTypes.NameIdentifier);

    public string? Name => Principal.Identity?.Name;

    public bool IsAdmin => Principal.IsInRole(PortalRoles.Admin);

    /// <summary>May manage the tenant's credentials and team: an owner, or one of the tenant's API credentials.</summary>
    public bool IsTenantOwner =>
        TenantId is not null && Principal.FindFirstValue(PortalClaimTypes.TenantRole) == TenantRoles.Owner;

    /// <summary>Acts for the platform: an operator (role Admin) or a platform API credential, which is authenticated
    /// without a tenant (the rule of the API's platform policy).</summary>
    public bool ActsForPlatform => IsAdmin || (Principal.Identity?.IsAuthenticated == true && TenantId is null);

    /// <summary>Opens a DI scope whose <see cref="CurrentUser"/> is this one (not a copy): work done for this user in
    /// a scope of its own sees this user's tenant, and a later change (the circuit's user signed out) at once.</summary>
    public AsyncServiceScope CreateOperationScope(IServiceScopeFactory scopes)
    {
        var scope = scopes.CreateAsyncScope();
        ActingScopes.Add(scope.ServiceProvider, this);
        return scope;
    }

    /// <summary>The circuit's user from now on: called by <see cref="CurrentUserCircuitHandler"/> only, when the circuit
    /// opens and whenever its authentication state changes.</summary>
    internal void FollowCircuit(ClaimsPrincipal principal) => _circuitPrincipal = principal;
}
