using Microsoft.EntityFrameworkCore;
using Portal.Domain.Platform;

namespace Portal.Data;

public static class PlatformSettingsExtensions
{
    /// <summary>Stages <paramref name="value"/> under <paramref name="key"/>: a new row, or a change of the existing
    /// one. The caller saves (with whatever else it staged).</summary>
    public static async Task StageAsync(this DbSet<PlatformSetting> settings, string key, string value, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var row = await settings.FirstOrDefaultAsync(s => s.Key == key, cancellationToken);
        if (row is null)
            settings.Add(new PlatformSetting(key, value, now));
        else
            row.Change(value, now);
    }
}
