using Portal.Domain.Dispatch;
using Portal.Domain.Platform;

namespace Portal.Secrets;

/// <summary>The platform's rsa-sha256 key pair, shared by every host (see <see cref="PlatformSecrets"/>), cached.</summary>
public sealed class PlatformKeyStore(PlatformSecrets secrets) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private PlatformSigningKey? _key;

    public async Task<PlatformSigningKey> GetAsync(CancellationToken cancellationToken)
    {
        if (_key is { } cached)
            return cached;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _key ??= new PlatformSigningKey(await secrets.GetOrCreateAsync(
                PlatformSetting.SigningPrivateKey, PlatformSigningKey.GeneratePrivateKeyPem, cancellationToken));
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
