using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Dispatch;
using Portal.Domain.Platform;

namespace Portal.Dispatch;

/// <summary>The platform's rsa-sha256 key pair: created once (by whichever host needs it first), stored encrypted in
/// the database so every host signs with the same key, cached in memory.</summary>
public sealed class PlatformKeyStore(IServiceScopeFactory scopes, SecretProtector protector, TimeProvider clock) : IDisposable
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
            return _key ??= await LoadOrCreateAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<PlatformSigningKey> LoadOrCreateAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var stored = await db.Set<PlatformSetting>().AsNoTracking()
            .FirstOrDefaultAsync(s => s.Key == PlatformSetting.SigningPrivateKey, cancellationToken);
        if (stored is not null)
            return new PlatformSigningKey(protector.Unprotect(stored.Value));

        var pem = PlatformSigningKey.GeneratePrivateKeyPem();
        db.Add(new PlatformSetting(PlatformSetting.SigningPrivateKey, protector.Protect(pem), clock.GetUtcNow()));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new PlatformSigningKey(pem);
        }
        catch (DbUpdateException)
        {
            // Another host created it first: use theirs.
            db.ChangeTracker.Clear();
            var winner = await db.Set<PlatformSetting>().AsNoTracking()
                .FirstAsync(s => s.Key == PlatformSetting.SigningPrivateKey, cancellationToken);
            return new PlatformSigningKey(protector.Unprotect(winner.Value));
        }
    }

    public void Dispose() => _gate.Dispose();
}
