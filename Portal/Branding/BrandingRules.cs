using System.Text.RegularExpressions;

namespace Portal.Branding;

/// <summary>What a valid logo address, colour and frame origin are: one home for the admin form, the configuration
/// check and the Content-Security-Policy header (which only ever carries values that passed here).</summary>
public static partial class BrandingRules
{
    public const int MaxProductNameLength = 60;
    public const int MaxLogoUrlLength = 2000;
    public const int MaxFrameAncestors = 20;

    /// <summary>An http(s) URL, or a path on the portal ("/…", not "//…", which would be another host).</summary>
    public static bool IsLogoUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxLogoUrlLength || url.Any(char.IsWhiteSpace))
            return false;
        if (url.StartsWith('/'))
            return !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
    }

    public static bool IsColor(string? color) => color is not null && HexColor().IsMatch(color);

    /// <summary>The origin as a browser writes it (scheme://host[:port], lower case, no default port), or null when
    /// <paramref name="text"/> is not exactly an http(s) origin (a path, query, user name or wildcard is refused).</summary>
    public static string? NormalizeOrigin(string? text)
    {
        var candidate = text?.Trim().TrimEnd('/');
        if (string.IsNullOrEmpty(candidate) || !OriginShape().IsMatch(candidate)
            || !Uri.TryCreate(candidate, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
            return null;
        return uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
    }

    /// <summary>The lines of a text area: trimmed, blank lines dropped.</summary>
    public static IReadOnlyList<string> Lines(string? text) =>
        (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex HexColor();

    /// <summary>Characters an origin may hold (host names, IPv4, bracketed IPv6, a port): nothing that could end a CSP
    /// source or start another directive.</summary>
    [GeneratedRegex(@"^https?://[A-Za-z0-9.\-\[\]:]+$")]
    private static partial Regex OriginShape();
}
