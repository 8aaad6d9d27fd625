using System.Globalization;
using System.Text.Json;
using Portal.Domain.Common;
using Portal.Domain.Subscriptions;

namespace Portal.Domain.Dispatch;

/// <summary>Builds the exact request of DESIGN.md "Wire format of a delivery". One instance per host:
/// <paramref name="productVersion"/> goes into the User-Agent, <paramref name="platformKey"/> signs rsa-sha256.</summary>
public sealed class WebhookRequestBuilder(string productVersion, PlatformSigningKey? platformKey = null)
{
    private const string Mask = SecretRedactor.Mask;

    public WebhookRequest Build(WebhookEvent evt, string webhookId, int attemptNumber, WebhookTarget target,
        DateTimeOffset timestamp, WebhookShape? shape = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attemptNumber);
        var body = shape?.Body ?? PayloadFormats.Body(target.PayloadFormat, evt);
        var unixTime = timestamp.ToUnixTimeSeconds();
        var headers = new List<KeyValuePair<string, string>>
        {
            new(WebhookHeaders.ContentType, "application/json"),
            new(WebhookHeaders.UserAgent, $"Portal-Webhooks/{productVersion}"),
            new(WebhookHeaders.WebhookId, webhookId),
            new(WebhookHeaders.WebhookTimestamp, unixTime.ToString(CultureInfo.InvariantCulture)),
            new(WebhookHeaders.JobId, webhookId),
            new(WebhookHeaders.JobAttempt, attemptNumber.ToString(CultureInfo.InvariantCulture)),
        };
        // Everything whose name the subscription chose: checked together so no name is reserved or used twice.
        var configured = new List<KeyValuePair<string, string>>();
        if (Signature(target, webhookId, unixTime, body) is { } signature)
            (target.SigningScheme == SigningScheme.StandardWebhooks ? headers : configured).Add(signature);
        var secretHeaders = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var baseUrl = shape?.Url ?? target.Url;
        var url = baseUrl;
        var redactedUrl = baseUrl;
        var secrets = new List<string>();
        switch (target.AuthType)
        {
            case AuthType.Header:
                var auth = AuthHeader(target);
                configured.Add(auth);
                secretHeaders.Add(auth.Key);
                secrets.Add(target.AuthToken!);
                break;
            case AuthType.Query:
                var (key, token) = Credentials(target);
                url = WithQueryParameter(baseUrl, Uri.EscapeDataString(key), Uri.EscapeDataString(token));
                redactedUrl = WithQueryParameter(baseUrl, Uri.EscapeDataString(key), Mask);
                secrets.Add(token);
                break;
        }
        foreach (var (name, value) in target.Headers)
        {
            configured.Add(new(name, value));
            secretHeaders.Add(name);
            secrets.Add(value);
        }
        if (shape is not null)
            configured.AddRange(shape.Headers);
        CheckConfiguredHeaders(configured);
        headers.AddRange(configured);
        secrets.AddRange(target.SigningSecrets);
        var redactedHeaders = headers
            .Select(h => secretHeaders.Contains(h.Key) ? new(h.Key, RedactValue(h.Key, h.Value)) : h)
            .ToList();
        return new WebhookRequest(shape?.Method ?? target.Method, url, headers, body, redactedUrl, redactedHeaders,
            secrets.Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary><c>{"id":…,"type":…,"timestamp":…,"tenantId":…,"data":…}</c> with the data inserted verbatim. The
    /// timestamp has millisecond precision so it reads back the same from every database provider.</summary>
    public static string Envelope(WebhookEvent evt)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("id", evt.Id.ToString("D"));
            writer.WriteString("type", evt.Type);
            writer.WriteString("timestamp",
                evt.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            writer.WriteString("tenantId", evt.TenantId.ToString("D"));
            writer.WritePropertyName("data");
            writer.WriteRawValue(evt.Data);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Appends <c>key=value</c> (both already encoded) to the query, before any fragment.</summary>
    public static string WithQueryParameter(string url, string encodedKey, string encodedValue)
    {
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        var (head, fragment) = hash < 0 ? (url, "") : (url[..hash], url[hash..]);
        var separator = !head.Contains('?', StringComparison.Ordinal) ? "?" : head.EndsWith('?') || head.EndsWith('&') ? "" : "&";
        return $"{head}{separator}{encodedKey}={encodedValue}{fragment}";
    }

    private KeyValuePair<string, string>? Signature(WebhookTarget target, string webhookId, long unixTime, string body)
    {
        var headerName = target.SignatureHeaderName is { Length: > 0 } name ? name : WebhookHeaders.DefaultSignature;
        return target.SigningScheme switch
        {
            SigningScheme.None => null,
            SigningScheme.StandardWebhooks => new(WebhookHeaders.WebhookSignature,
                WebhookSignatures.StandardWebhooks(webhookId, unixTime, body, target.SigningSecrets)),
            SigningScheme.HmacSha256 => target.SigningSecrets is [var secret, ..] && secret.Length > 0
                ? new(headerName, WebhookSignatures.HmacSha256(secret, System.Text.Encoding.UTF8.GetBytes(body)))
                : throw new DomainException("hmac-sha256 signing needs a secret."),
            SigningScheme.RsaSha256 => platformKey is not null
                ? new(headerName, platformKey.Sign(System.Text.Encoding.UTF8.GetBytes(body)))
                : throw new InvalidOperationException("rsa-sha256 signing needs the platform signing key."),
            _ => throw new ArgumentOutOfRangeException(nameof(target), target.SigningScheme, "Unknown signing scheme."),
        };
    }

    /// <summary>A-Cube: key <c>Bearer</c> (any case) → <c>Authorization: Bearer token</c>; any other key → that header.</summary>
    private static KeyValuePair<string, string> AuthHeader(WebhookTarget target)
    {
        var (key, token) = Credentials(target);
        return key.Equals("Bearer", StringComparison.OrdinalIgnoreCase)
            ? new(WebhookHeaders.Authorization, $"Bearer {token}")
            : new(key, token);
    }

    private static (string Key, string Token) Credentials(WebhookTarget target) =>
        string.IsNullOrWhiteSpace(target.AuthKey) || string.IsNullOrEmpty(target.AuthToken)
            ? throw new DomainException("Header and query authentication need a key and a token.")
            : (target.AuthKey.Trim(), target.AuthToken);

    private static void CheckConfiguredHeaders(IEnumerable<KeyValuePair<string, string>> configured)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in configured)
        {
            if (WebhookHeaders.NameProblem(name) is { } nameProblem)
                throw new DomainException(nameProblem);
            if (!seen.Add(name))
                throw new DomainException($"The header '{name}' is configured twice.");
            if (WebhookHeaders.ValueProblem(value) is { } valueProblem)
                throw new DomainException($"The header '{name}' cannot be sent. {valueProblem}");
        }
    }

    /// <summary>Masks a value; an Authorization-style value keeps its scheme (<c>Bearer ***</c>).</summary>
    private static string RedactValue(string name, string value)
    {
        var isAuthorization = name.Equals(WebhookHeaders.Authorization, StringComparison.OrdinalIgnoreCase)
            || name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase);
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        return isAuthorization && space > 0 ? $"{value[..space]} {Mask}" : Mask;
    }
}
