using Portal.Dispatch;
using Portal.Domain.Subscriptions;

namespace Portal.Features.Subscriptions.Editor;

/// <summary>A static header as entered; on edit a blank value keeps the stored one.</summary>
public sealed class HeaderInput
{
    public string Name { get; set; } = "";
    public string? Value { get; set; }
}

/// <summary>What a user (form) or a client (API) gives to create or edit a subscription. Mutable so forms can bind it.
/// Secrets given here are plain text; on edit, blank secrets keep the stored ones.</summary>
public sealed class SubscriptionInput
{
    /// <summary>Null when creating.</summary>
    public Guid? Id { get; set; }
    public string Name { get; set; } = "";
    public string Url { get; set; } = "";
    public string Method { get; set; } = "POST";
    public List<string> EventTypes { get; set; } = [];
    public bool Active { get; set; } = true;
    public AuthType AuthType { get; set; } = AuthType.None;
    public string? AuthKey { get; set; }
    public string? AuthToken { get; set; }
    public List<HeaderInput> Headers { get; set; } = [];
    public SigningScheme SigningScheme { get; set; } = SigningScheme.StandardWebhooks;

    /// <summary>hmac-sha256 / rsa-sha256 header; X-Signature when blank.</summary>
    public string? SignatureHeaderName { get; set; }

    /// <summary>Optional own secret for hmac-sha256 (Akuiteo lets the user choose it) or a whsec_ secret;
    /// generated when blank.</summary>
    public string? SigningSecret { get; set; }
    public int TimeoutMs { get; set; } = Subscription.DefaultTimeoutMs;
    public RetryPreset RetryPreset { get; set; } = RetryPreset.Standard;
    public int? MaxAttempts { get; set; }
    public string? DelaysSeconds { get; set; }
    public int? InitialDelaySeconds { get; set; }
    public double? Factor { get; set; }
    public int? MaxRetries { get; set; }
    public int? CapSeconds { get; set; }
    public string? NotifyEmail { get; set; }
    public bool NotifyOnFailure { get; set; }
    public PayloadFormat PayloadFormat { get; set; } = PayloadFormat.Envelope;
    public SubscriptionKind Kind { get; set; } = SubscriptionKind.Webhook;

    /// <summary>Custom format: JavaScript <c>function handler(webhook) { …; return webhook; }</c>.</summary>
    public string? Transformation { get; set; }

    /// <summary>Custom format: a Liquid template rendering the body.</summary>
    public string? BodyTemplate { get; set; }
    public bool SecretInBody { get; set; }

    /// <summary>A JavaScript expression over <c>event</c>, <c>type</c>, <c>data</c>; blank: every event.</summary>
    public string? Filter { get; set; }
    public int MaxInFlight { get; set; } = Subscription.DefaultMaxInFlight;

    /// <summary>Requests per second at most; null: no rate limit.</summary>
    public int? RateLimitPerSecond { get; set; }

    /// <summary>FIFO: one delivery at a time, in publication order; retries keep their place.</summary>
    public bool Ordered { get; set; }

    public bool IsNew => Id is null;

    public RetrySettings ToRetrySettings() =>
        new(RetryPreset, MaxAttempts, string.IsNullOrWhiteSpace(DelaysSeconds) ? null : DelaysSeconds.Trim(),
            InitialDelaySeconds, Factor, MaxRetries, CapSeconds);

    /// <summary>A blank form with the platform's defaults for new subscriptions.</summary>
    public static SubscriptionInput New(SubscriptionDefaults defaults, int maxInFlight = Subscription.DefaultMaxInFlight) => new()
    {
        MaxInFlight = maxInFlight,
        TimeoutMs = defaults.TimeoutMs,
        RetryPreset = defaults.RetryPreset,
        SigningScheme = defaults.SigningScheme,
    };

    /// <summary>The form of an existing subscription; secrets are never read back (blank = keep).</summary>
    public static SubscriptionInput From(Subscription s) => new()
    {
        Id = s.Id,
        Name = s.Name,
        Url = s.Url,
        Method = s.HttpMethod,
        EventTypes = s.EventTypes.Select(e => e.Name).ToList(),
        Active = s.State != SubscriptionState.Paused,
        AuthType = s.Auth.Type,
        AuthKey = s.Auth.Key,
        Headers = s.Headers.Select(h => new HeaderInput { Name = h.Name }).ToList(),
        SigningScheme = s.Signing.Scheme,
        SignatureHeaderName = s.Signing.HeaderName,
        TimeoutMs = s.TimeoutMs,
        RetryPreset = s.Retry.Preset,
        MaxAttempts = s.Retry.MaxAttempts,
        DelaysSeconds = s.Retry.DelaysSeconds,
        InitialDelaySeconds = s.Retry.InitialDelaySeconds,
        Factor = s.Retry.Factor,
        MaxRetries = s.Retry.MaxRetries,
        CapSeconds = s.Retry.CapSeconds,
        NotifyEmail = s.Notification.Email,
        NotifyOnFailure = s.Notification.Enabled,
        PayloadFormat = s.PayloadFormat,
        Kind = s.Kind,
        Transformation = s.Transformation,
        BodyTemplate = s.BodyTemplate,
        SecretInBody = s.SecretInBody,
        Filter = s.Filter,
        MaxInFlight = s.MaxInFlight,
        RateLimitPerSecond = s.RateLimitPerSecond,
        Ordered = s.Ordered,
    };
}
