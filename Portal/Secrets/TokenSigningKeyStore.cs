using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Portal.Secrets;

/// <summary>The HMAC key that signs OAuth2 access tokens: shared by every host (see
/// <see cref="PlatformSecrets"/>) so every host validates every host's tokens, cached in memory.</summary>
public sealed class TokenSigningKeyStore(PlatformSecrets secrets) : IDisposable
{
    public const string SettingKey = "api.oauth.token-signing-key";

    private readonly CachedSecret<SymmetricSecurityKey> _key = new(async cancellationToken =>
        new SymmetricSecurityKey(Convert.FromBase64String(await secrets.GetOrCreateAsync(
            SettingKey, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), cancellationToken))) { KeyId = "portal-1" });

    public Task<SymmetricSecurityKey> GetAsync(CancellationToken cancellationToken) => _key.GetAsync(cancellationToken);

    public void Dispose() => _key.Dispose();
}
