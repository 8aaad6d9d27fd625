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

    private const string SetByPortal = "is set by Portal itself";
    private const string Framing = "describes how the body is framed or encoded, which HTTP sets from the body Portal sends";
    private const string HopByHop = "controls the connection to the next hop, not the request to your endpoint";

    /// <summary>The names a subscription may not configure (custom headers, the auth header, the signature header),
    /// each with the reason shown to the user. One table for the form, the API and the request builder.</summary>
    private static readonly Dictionary<string, string> Refused = new(StringComparer.OrdinalIgnoreCase)
    {
        [ContentType] = SetByPortal,
        [UserAgent] = SetByPortal,
        [WebhookId] = SetByPortal,
        [WebhookTimestamp] = SetByPortal,
        [WebhookSignature] = SetByPortal,
        [JobId] = SetByPortal,
        [JobAttempt] = SetByPortal,
        ["Host"] = "comes from the endpoint URL",
        ["Content-Length"] = Framing,
        ["Content-Encoding"] = Framing,
        ["Transfer-Encoding"] = Framing,
        ["Connection"] = HopByHop,
        ["Keep-Alive"] = HopByHop,
        ["Proxy-Connection"] = HopByHop,
        ["Proxy-Authorization"] = HopByHop,
        ["Proxy-Authenticate"] = HopByHop,
        ["TE"] = HopByHop,
        ["Trailer"] = HopByHop,
        ["Upgrade"] = HopByHop,
        // A receiver that answers 100 Continue late (or never) would hold every delivery until its timeout.
        ["Expect"] = "would make Portal wait for an interim answer before sending the body",
        ["Cookie"] = "is not sent with webhooks; use header or query authentication",
    };

    /// <summary>An RFC 9110 token: letters, digits and <c>!#$%&amp;'*+-.^_`|~</c>.</summary>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c));

    /// <summary>Printable ASCII, spaces and tabs only: no line break or NUL (which would smuggle another header), no
    /// other control character, and no non-ASCII character (é, U+2028, U+0085), which HTTP clients refuse or mangle.</summary>
    private static bool IsValidValue(string? value) => value is not null && value.All(c => c == '\t' || c is >= ' ' and <= '~');

    /// <summary>Why a configured header name cannot be used, or null when it can.</summary>
    public static string? NameProblem(string? name) =>
        !IsValidName(name) ? $"'{name}' is not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only)."
        : Refused.TryGetValue(name!, out var reason) ? $"'{name}' cannot be configured: it {reason}."
        : null;

    /// <summary>Why a configured header value cannot be sent, or null when it can.</summary>
    public static string? ValueProblem(string? value) =>
        IsValidValue(value) ? null
        : "A header value can contain only printable ASCII characters: no accented letters, line breaks or other control characters.";
}
