using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Portal.Domain.Access;
using Portal.Identity;
using Portal.Secrets;

namespace Portal.Access;

public sealed record AccessToken(string Value, int ExpiresInSeconds);

/// <summary>Creates the JWT access tokens of the client credentials grant (Microsoft.IdentityModel does the format).</summary>
public sealed class AccessTokenIssuer(TokenSigningKeyStore keys)
{
    public async Task<AccessToken> IssueAsync(ApiClient client, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var key = await keys.GetAsync(cancellationToken);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = ApiAuthentication.TokenIssuer,
            Audience = ApiAuthentication.TokenAudience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + ApiAuthentication.TokenLifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = client.ClientId,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
                [ApiClaimTypes.ClientId] = client.ClientId,
                [ApiClaimTypes.Name] = $"api-client:{client.Name}",
                [ApiClaimTypes.Credential] = $"client:{client.ClientId}",
            },
        };
        // A platform client carries no tenant claim: like a platform key, it acts on any tenant. A tenant's client
        // acts as the tenant's owner.
        if (client.TenantId is { } tenantId)
        {
            descriptor.Claims[PortalClaimTypes.TenantId] = tenantId.ToString();
            descriptor.Claims[PortalClaimTypes.TenantRole] = TenantRoles.Owner;
        }
        return new AccessToken(new JsonWebTokenHandler().CreateToken(descriptor), (int)ApiAuthentication.TokenLifetime.TotalSeconds);
    }
}
