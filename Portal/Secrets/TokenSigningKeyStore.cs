using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Portal.Secrets;

/// <summary>The HMAC key that signs OAuth2 access tokens: shared by every host (see
/// <see cref="PlatformSecrets"/>) so every host validates every host's tokens, cached in memory.</summary>
public sealed class TokenSigningKeyStore(PlatformSecrets secrets) : IDisposable
{
    public const string SettingKey = "api.oauth.token-signing-key";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private SymmetricSecurityKey? _key;

    public async Task<SymmetricSecurityKey> GetAsync(CancellationToken cancellationToken)
    {
        if (_key is { } cached)
            return cached;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _key ??= new SymmetricSecurityKey(await LoadOrCreateAsync(cancellationToken)) { KeyId = "portal-1" };
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<byte[]> LoadOrCreateAsync(CancellationToken cancellationToken) =>
        Convert.FromBase64String(await secrets.GetOrCreateAsync(
            SettingKey, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), cancellationToken));

    public void Dispose() => _gate.Dispose();
}
