namespace Portal.Domain.Subscriptions;

public static class WebhookUrl
{
    public const int MaxLength = 2000;

    /// <summary>True for an absolute http(s) URL with a host, a usable port and no user info (see <see cref="Problem"/>).</summary>
    public static bool IsValid(string? value) => Problem(value) is null;

    /// <summary>What is wrong with the URL, or null when deliveries can use it. Surrounding blanks are ignored (the
    /// subscription trims them); blanks inside are refused rather than silently percent-encoded into another URL.</summary>
    public static string? Problem(string? value)
    {
        var url = value?.Trim();
        if (string.IsNullOrEmpty(url))
            return "Enter the endpoint URL.";
        if (url.Length > MaxLength)
            return $"The URL can be at most {MaxLength} characters long.";
        if (url.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            return "The URL contains a space or another blank character: remove it, or write a space as %20.";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host)
            || !string.IsNullOrEmpty(uri.UserInfo))
            return "Enter an absolute http:// or https:// URL (no user name or password in it).";
        if (uri.Port == 0)
            return "Port 0 is not a port an endpoint can listen on.";
        return null;
    }
}
