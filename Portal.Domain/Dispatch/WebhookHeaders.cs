namespace Portal.Domain.Dispatch;

/// <summary>Header names of the wire format, and which names a subscription may not configure itself.</summary>
public static class WebhookHeaders
{
    public const string ContentType = "Content-Type";
    public const string UserAgent = "User-Agent";
    public const string WebhookId = "webhook-id";
    public const string WebhookTimestamp = "webhook-timestamp";
    public const string WebhookSignature = "webhook-signature";
    public const string JobId = "X-JobId";
    public const string JobAttempt = "X-JobAttempt";
    public const string DefaultSignature = "X-Signature";
    public const string Authorization = "Authorization";

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        ContentType, "Content-Length", "Host", "Transfer-Encoding", "Connection", UserAgent,
        WebhookId, WebhookTimestamp, WebhookSignature, JobId, JobAttempt,
    };

    /// <summary>Set by Portal (or by HTTP itself) on every request: custom and auth headers cannot use them.</summary>
    public static bool IsReserved(string name) => Reserved.Contains(name);

    /// <summary>An RFC 9110 token: letters, digits and <c>!#$%&amp;'*+-.^_`|~</c>.</summary>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c));

    /// <summary>No line breaks or NUL, so a value cannot smuggle another header.</summary>
    public static bool IsValidValue(string? value) => value is not null && !value.AsSpan().ContainsAny('\r', '\n', '\0');
}
