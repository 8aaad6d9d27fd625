using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Domain.Access;
using Portal.Identity;

namespace Portal.Access;

/// <summary>Authenticates <c>X-API-Key</c> by its hash (remembered for a few seconds by <see cref="ApiCredentialCache"/>).
/// A tenant's key acts as the tenant's owner; a platform key (no tenant) carries no tenant claim.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    PortalDbContext db,
    ApiCredentialCache cache,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>Recording every use would write on every request; once a minute is precise enough to show.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var value = Request.Headers[ApiAuthentication.ApiKeyHeader].ToString().Trim();
        if (value.Length == 0)
            return AuthenticateResult.NoResult();

        var hash = ApiKey.HashValue(value);
        var key = cache.FindKey(hash);
        if (key is null)
        {
            var stored = await db.ApiKeys.IgnoreQueryFilters().AsNoTracking()
                .FirstOrDefaultAsync(k => k.Hash == hash, Context.RequestAborted);
            if (stored is null)
                return AuthenticateResult.Fail("The API key is not valid.");
            key = cache.RememberKey(hash, stored);
        }

        if (key.IsRevoked)
            return AuthenticateResult.Fail("The API key has been revoked.");
        var now = clock.GetUtcNow();
        if (key.IsExpired(now))
            return AuthenticateResult.Fail(
                $"The API key expired on {key.ExpiresAt!.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}.");

        if (key.TryMarkUsed(now, LastUsedResolution))
            await db.ApiKeys.IgnoreQueryFilters().Where(k => k.Id == key.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, key.Id.ToString()),
            new(ClaimTypes.Name, $"api-key:{key.Name}"),
            new(ApiClaimTypes.Credential, $"key:{key.Id}"),
        };
        if (key.TenantId is { } tenantId)
        {
            claims.Add(new Claim(PortalClaimTypes.TenantId, tenantId.ToString()));
            claims.Add(new Claim(PortalClaimTypes.TenantRole, TenantRoles.Owner));
        }
        var identity = new ClaimsIdentity(claims, Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await Context.AuthenticateAsync(Scheme.Name);
        Response.Headers.WWWAuthenticate = "ApiKey";
        await ApiProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Unauthorized",
            result.Failure?.Message ?? "Send an API key in X-API-Key or a bearer token from /oauth/token.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden",
            Context.User.HasClaim(c => c.Type == PortalClaimTypes.TenantId)
                ? "This route needs a platform credential (a platform API key or platform OAuth client); a tenant's key cannot use it."
                : "A platform key may publish events for any tenant but cannot manage a tenant's subscriptions or deliveries.");
}
