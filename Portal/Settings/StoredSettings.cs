using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;
using Portal.Data;
using Portal.Domain.Platform;

namespace Portal.Settings;

/// <summary>Platform settings edited in the admin pages (SMTP, dispatcher defaults…): one JSON document per name in a
/// <see cref="PlatformSetting"/> row <c>settings:&lt;name&gt;</c>. Every host keeps them in memory, refreshes them every
/// few seconds (<see cref="StoredSettingsRefresher"/>) and at once on the host that saved them; options bound with
/// <see cref="StoredSettingsExtensions.AddStoredSettings{TOptions,TStored}"/> see the change through
/// <c>IOptionsMonitor</c>/<c>IOptionsSnapshot</c> without a restart.</summary>
public sealed class StoredSettings(TimeProvider clock, ILogger<StoredSettings> logger)
{
    public const string KeyPrefix = "settings:";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ConcurrentDictionary<string, string> documents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> changes = new(StringComparer.Ordinal);

    /// <summary>The stored document of <paramref name="name"/> as this host last saw it, or null when none was saved.</summary>
    public T? Get<T>(string name) where T : class =>
        documents.TryGetValue(name, out var json) ? JsonSerializer.Deserialize<T>(json, Json) : null;

    /// <summary>Saves <paramref name="value"/> with whatever else is staged on <paramref name="db"/> (an audit entry…)
    /// in one SaveChanges, then applies it on this host at once.</summary>
    public async Task SaveAsync<T>(PortalDbContext db, string name, T value, CancellationToken cancellationToken)
        where T : class
    {
        var json = JsonSerializer.Serialize(value, Json);
        await db.PlatformSettings.StageAsync(KeyPrefix + name, json, clock.GetUtcNow(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        Apply(name, json);
    }

    /// <summary>The top-level fields whose values differ between two versions of a document (names only, so a
    /// secret's value never reaches an audit entry).</summary>
    public static IReadOnlyList<string> ChangedFields<T>(T? before, T after) where T : class
    {
        JsonElement? old = before is null ? null : JsonSerializer.SerializeToElement(before, Json);
        var now = JsonSerializer.SerializeToElement(after, Json);
        return now.EnumerateObject()
            .Where(p => old is not { } o || !o.TryGetProperty(p.Name, out var was) || was.GetRawText() != p.Value.GetRawText())
            .Select(p => p.Name)
            .ToList();
    }

    /// <summary>Reads every stored document and applies the ones that changed (another host saved them).</summary>
    public async Task RefreshAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.PlatformSettings.AsNoTracking()
            .Where(s => s.Key.StartsWith(KeyPrefix))
            .Select(s => new { s.Key, s.Value })
            .ToListAsync(cancellationToken);
        foreach (var row in rows)
            Apply(row.Key[KeyPrefix.Length..], row.Value);
    }

    /// <summary>Fires when the document <paramref name="name"/> changes on this host.</summary>
    public IChangeToken GetChangeToken(string name) =>
        new CancellationChangeToken(changes.GetOrAdd(name, _ => new CancellationTokenSource()).Token);

    private void Apply(string name, string json)
    {
        if (documents.TryGetValue(name, out var current) && current == json)
            return;
        documents[name] = json;
        logger.LogInformation("Platform settings '{Name}' applied.", name);
        if (changes.TryRemove(name, out var source))
        {
            source.Cancel();
            source.Dispose();
        }
    }
}
