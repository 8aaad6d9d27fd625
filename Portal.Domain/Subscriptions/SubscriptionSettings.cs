namespace Portal.Domain.Subscriptions;

public enum SubscriptionState
{
    Active,
    Paused,
    Disabled,
}

/// <summary>How the receiver's token travels (A-Cube's authType).</summary>
public enum AuthType
{
    None,
    Header,
    Query,
}

public enum SigningScheme
{
    StandardWebhooks,
    HmacSha256,
    RsaSha256,
    None,
}

public enum RetryPreset
{
    Standard,
    ACube,
    Akuiteo,
    AkuiteoTest,
    Accredit,
    Custom,
}

public enum PayloadFormat
{
    /// <summary>The Standard Webhooks envelope: id, type, timestamp, tenantId, data.</summary>
    Envelope,

    /// <summary>Only the event's data object, for receivers that expect the vendor's bare payload.</summary>
    DataOnly,

    /// <summary>Accredit: PascalCase <c>Event</c> and <c>Timestamp</c> beside the event's own fields.</summary>
    Accredit,

    /// <summary>Defacto: entity_type, transition_name, status, timestamp, id, event_type, entity_state.</summary>
    Defacto,

    /// <summary>A Liquid body template and/or a JavaScript transformation (the subscription's or the event type's).</summary>
    Custom,
}

/// <summary>Where a subscription posts: a webhook receiver, or a chat channel's incoming webhook.</summary>
public enum SubscriptionKind
{
    Webhook,
    Slack,
    Teams,
}

/// <summary>How the body is shaped: the format, and for <see cref="PayloadFormat.Custom"/> a Liquid
/// <see cref="BodyTemplate"/> and/or a JavaScript <see cref="Transformation"/>; <see cref="SecretInBody"/> adds the
/// signing secret to the body as <c>secret</c> (Aptic).</summary>
public sealed record PayloadShape(PayloadFormat Format, string? Transformation = null, string? BodyTemplate = null,
    bool SecretInBody = false)
{
    public const int MaxScriptLength = 20_000;
    public static PayloadShape Standard { get; } = new(PayloadFormat.Envelope);
}

/// <summary>A-Cube semantics: header <c>Bearer</c>+<c>x</c> sends <c>Authorization: Bearer x</c>, header
/// <c>X-Auth</c>+<c>x</c> sends <c>X-Auth: x</c>, query <c>token</c>+<c>x</c> sends <c>?token=x</c>.
/// The token is stored protected (encrypted by the host).</summary>
public sealed record EndpointAuth(AuthType Type, string? Key, string? ProtectedToken)
{
    public static EndpointAuth None { get; } = new(AuthType.None, null, null);
}

/// <summary>A static header sent on every attempt (Akuiteo's header name/value); the value is stored protected.</summary>
public sealed record CustomHeader(string Name, string ProtectedValue);

/// <summary>Signing scheme and its secret(s), stored protected. During rotation the previous secret keeps
/// signing until <see cref="PreviousSecretExpiresAt"/>.</summary>
public sealed record SigningSettings(
    SigningScheme Scheme,
    string? HeaderName,
    string? ProtectedSecret,
    string? ProtectedPreviousSecret,
    DateTimeOffset? PreviousSecretExpiresAt)
{
    public static SigningSettings NotSigned { get; } = new(SigningScheme.None, null, null, null, null);
}

/// <summary>Which retry schedule applies. <see cref="MaxAttempts"/> is used by the Akuiteo presets (1–8);
/// the custom preset uses either <see cref="DelaysSeconds"/> or initial delay × factor with a cap.</summary>
public sealed record RetrySettings(
    RetryPreset Preset,
    int? MaxAttempts = null,
    string? DelaysSeconds = null,
    int? InitialDelaySeconds = null,
    double? Factor = null,
    int? MaxRetries = null,
    int? CapSeconds = null)
{
    public static RetrySettings Default { get; } = new(RetryPreset.Standard);
}

/// <summary>Akuiteo's "Notification" section: where failure e-mail goes, and whether it is sent.</summary>
public sealed record NotificationSettings(string? Email, bool Enabled)
{
    public static NotificationSettings Off { get; } = new(null, false);
}

/// <summary>Akuiteo's list columns (latest response, successful calls, total calls) plus what auto-disable needs.</summary>
public sealed record SubscriptionStats(
    int? LatestResponseCode,
    long SuccessfulCalls,
    long TotalCalls,
    int ConsecutiveFailures,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? FailingSince)
{
    public static SubscriptionStats Empty { get; } = new(null, 0, 0, 0, null, null);
}
