using Portal.Domain.Subscriptions;

namespace Portal.Domain.Dispatch;

/// <summary>A subscription's sending settings with secrets in plain text, built by the host right before a send.
/// A class, not a record, so that no generated ToString ever prints a secret.</summary>
public sealed class WebhookTarget
{
    public required string Url { get; init; }
    public string Method { get; init; } = "POST";
    public PayloadFormat PayloadFormat { get; init; }
    public AuthType AuthType { get; init; }
    public string? AuthKey { get; init; }
    public string? AuthToken { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
    public SigningScheme SigningScheme { get; init; } = SigningScheme.None;

    /// <summary>For hmac-sha256 and rsa-sha256; <see cref="WebhookHeaders.DefaultSignature"/> when null.</summary>
    public string? SignatureHeaderName { get; init; }

    /// <summary>Secrets that sign, current first (only Standard Webhooks uses more than one).</summary>
    public IReadOnlyList<string> SigningSecrets { get; init; } = [];

    /// <summary>Maps a subscription, decrypting each protected value with <paramref name="unprotect"/>. The previous
    /// Standard Webhooks secret keeps signing until its expiry; hmac-sha256 sends one signature, so only the
    /// current secret signs there.</summary>
    public static WebhookTarget From(Subscription subscription, Func<string, string> unprotect, DateTimeOffset now)
    {
        var signing = subscription.Signing;
        var secrets = new List<string>(2);
        if (signing.Scheme is SigningScheme.StandardWebhooks or SigningScheme.HmacSha256 && signing.ProtectedSecret is { } current)
            secrets.Add(unprotect(current));
        if (signing.Scheme == SigningScheme.StandardWebhooks && signing.ProtectedPreviousSecret is { } previous
            && signing.PreviousSecretExpiresAt > now)
            secrets.Add(unprotect(previous));
        var auth = subscription.Auth;
        return new WebhookTarget
        {
            Url = subscription.Url,
            Method = subscription.HttpMethod,
            PayloadFormat = subscription.PayloadFormat,
            AuthType = auth.Type,
            AuthKey = auth.Key,
            AuthToken = auth.ProtectedToken is { } token ? unprotect(token) : null,
            Headers = subscription.Headers.Select(h => KeyValuePair.Create(h.Name, unprotect(h.ProtectedValue))).ToList(),
            SigningScheme = signing.Scheme,
            SignatureHeaderName = signing.HeaderName,
            SigningSecrets = secrets,
        };
    }

    public override string ToString() => $"{Method} {Url} (secrets hidden)";
}
