using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Platform;

namespace Portal.Secrets;

/// <summary>Platform-wide secrets (the rsa-sha256 key pair, the OAuth token key): created once by whichever host needs
/// one first, stored encrypted in a <see cref="PlatformSetting"/> so every host uses the same value.</summary>
public sealed class PlatformSecrets(IServiceScopeFactory scopes, SecretProtector protector, TimeProvider clock)
{
    public async Task<string> GetOrCreateAsync(string key, Func<string> generate, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        if (await FindAsync(db, key, cancellationToken) is { } stored)
            return stored;

        var value = generate();
        db.PlatformSettings.Add(new PlatformSetting(key, protector.Protect(value), clock.GetUtcNow()));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return value;
        }
        catch (DbUpdateException)
        {
            // Another host created it first: use theirs.
            db.ChangeTracker.Clear();
            return await FindAsync(db, key, cancellationToken)
                   ?? throw new InvalidOperationException($"The platform secret '{key}' vanished.");
        }
    }

    private async Task<string?> FindAsync(PortalDbContext db, string key, CancellationToken cancellationToken)
    {
        var stored = await db.PlatformSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Key == key, cancellationToken);
        return stored is null ? null : protector.Unprotect(stored.Value);
    }
}
