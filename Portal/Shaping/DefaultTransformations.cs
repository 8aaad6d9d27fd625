using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Shaping;

/// <summary>The event types' default transformations, read at most every <see cref="Freshness"/> per type: the
/// dispatcher asks on every custom-format send, the catalogue changes rarely.</summary>
public sealed class DefaultTransformations(IServiceScopeFactory scopes, TimeProvider clock)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, (string? Script, DateTimeOffset ReadAt)> _byType = new(StringComparer.Ordinal);

    public async Task<string?> ForAsync(string eventType, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_byType.TryGetValue(eventType, out var cached) && now - cached.ReadAt < Freshness)
            return cached.Script;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var script = await db.EventTypes.AsNoTracking().Where(t => t.Name == eventType)
            .Select(t => t.DefaultTransformation).FirstOrDefaultAsync(cancellationToken);
        _byType[eventType] = (script, now);
        return script;
    }

    /// <summary>After the admin changed a type: the next send reads it again.</summary>
    public void Forget(string eventType) => _byType.TryRemove(eventType, out _);
}
