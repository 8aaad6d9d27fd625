using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using Portal.Data;
using Portal.Dispatch;
using Portal.Domain.Platform;

namespace Portal.Access;

/// <summary>The HMAC key that signs OAuth2 access tokens: created once by whichever host needs it first, stored
/// encrypted (Data Protection) in a platform setting so every host validates every host's tokens, cached in memory.</summary>
public sealed class TokenSigningKeyStore(IServiceScopeFactory scopes, SecretProtector protector, TimeProvider clock) : IDisposable
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

    private async Task<byte[]> LoadOrCreateAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        if (await FindAsync(db, cancellationToken) is { } stored)
            return stored;

        var key = RandomNumberGenerator.GetBytes(32);
        db.PlatformSettings.Add(new PlatformSetting(SettingKey, protector.Protect(Convert.ToBase64String(key)), clock.GetUtcNow()));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return key;
        }
        catch (DbUpdateException)
        {
            // Another host created it first: use theirs.
            db.ChangeTracker.Clear();
            return await FindAsync(db, cancellationToken) ?? throw new InvalidOperationException("The token signing key vanished.");
        }
    }

    private async Task<byte[]?> FindAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var stored = await db.PlatformSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Key == SettingKey, cancellationToken);
        return stored is null ? null : Convert.FromBase64String(protector.Unprotect(stored.Value));
    }

    public void Dispose() => _gate.Dispose();
}
