using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Portal.Secrets;

namespace Portal.Access;

/// <summary>Hands the JWT bearer handler its issuer and signing key the way it gets them from an OpenID provider's
/// metadata, but from <see cref="TokenSigningKeyStore"/>: the key is loaded (async) on first use, not at start-up.</summary>
public sealed class TokenKeyConfigurationManager(TokenSigningKeyStore keys) : IConfigurationManager<OpenIdConnectConfiguration>
{
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        var configuration = new OpenIdConnectConfiguration { Issuer = ApiAuthentication.TokenIssuer };
        configuration.SigningKeys.Add(await keys.GetAsync(cancel));
        return configuration;
    }

    public void RequestRefresh()
    {
        // The key never changes while the host runs.
    }
}
