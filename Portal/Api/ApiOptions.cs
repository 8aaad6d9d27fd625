using System.ComponentModel.DataAnnotations;

namespace Portal.Api;

public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Largest request body the API reads (events carry their payload); larger → 413.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Requests per minute per credential (API key or OAuth2 client); more → 429 with Retry-After.</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerMinute { get; set; } = 600;
}
