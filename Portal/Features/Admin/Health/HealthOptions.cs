using System.ComponentModel.DataAnnotations;

namespace Portal.Features.Admin.Health;

/// <summary>The <c>Health</c> section.</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>How long the health figures are reused (page refreshes and metric scrapes share them), so neither
    /// hammers the database.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(5);
}
