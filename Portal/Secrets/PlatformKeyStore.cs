using Portal.Domain.Dispatch;
using Portal.Domain.Platform;

namespace Portal.Secrets;

/// <summary>The platform's rsa-sha256 key pair, shared by every host (see <see cref="PlatformSecrets"/>), cached.</summary>
public sealed class PlatformKeyStore(PlatformSecrets secrets) : IDisposable
{
    private readonly CachedSecret<PlatformSigningKey> _key = new(async cancellationToken =>
        new PlatformSigningKey(await secrets.GetOrCreateAsync(
            PlatformSetting.SigningPrivateKey, PlatformSigningKey.GeneratePrivateKeyPem, cancellationToken)));

    public Task<PlatformSigningKey> GetAsync(CancellationToken cancellationToken) => _key.GetAsync(cancellationToken);

    public void Dispose() => _key.Dispose();
}
