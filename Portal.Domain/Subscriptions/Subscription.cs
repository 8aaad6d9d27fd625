using Portal.Domain.Catalogue;
using Portal.Domain.Common;
using Portal.Domain.Dispatch;

namespace Portal.Domain.Subscriptions;

/// <summary>A tenant's webhook endpoint: where to send which events, and how.</summary>
public sealed class Subscription : ITenantOwned
{
    public const int MinTimeoutMs = 1_000;
    public const int MaxTimeoutMs = 60_000;
    public const int DefaultTimeoutMs = 15_000;
    public const int DefaultMaxInFlight = 8;
    public const int MaxMaxInFlight = 256;
    public const int MaxRateLimitPerSecond = 10_000;
    private static readonly string[] AllowedMethods = ["POST", "PUT", "PATCH"];

    private readonly List<SubscriptionEventType> _eventTypes = [];
    private List<CustomHeader> _headers = [];

    private Subscription() { Name = Url = HttpMethod = ""; }

    public Subscription(Guid tenantId, string name, string url, IEnumerable<string> eventTypes, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        TenantId = tenantId;
        CreatedAt = UpdatedAt = now;
        Name = Guard.NotBlank(name, "Name", 100);
        Url = HttpMethod = "";
        ChangeEndpoint(url, "POST", DefaultTimeoutMs);
        SetEventTypes(eventTypes);
    }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public string Name { get; private set; }
    public string Url { get; private set; }
    public string HttpMethod { get; private set; }
    public int TimeoutMs { get; private set; }
    public SubscriptionState State { get; private set; }
    public string? DisabledReason { get; private set; }
    public DateTimeOffset? StateChangedAt { get; private set; }
    public EndpointAuth Auth { get; private set; } = EndpointAuth.None;
    public SigningSettings Signing { get; private set; } = SigningSettings.NotSigned;
    public RetrySettings Retry { get; private set; } = RetrySettings.Default;
    public NotificationSettings Notification { get; private set; } = NotificationSettings.Off;
    public PayloadFormat PayloadFormat { get; private set; }
    public SubscriptionKind Kind { get; private set; }

    /// <summary>JavaScript run over the body (custom format); null: the event type's default, if any.</summary>
    public string? Transformation { get; private set; }

    /// <summary>A Liquid template that renders the body (custom format).</summary>
    public string? BodyTemplate { get; private set; }

    /// <summary>Aptic: the signing secret travels in the body as <c>secret</c>.</summary>
    public bool SecretInBody { get; private set; }

    /// <summary>A JavaScript expression over the event; events for which it is not true create no delivery.</summary>
    public string? Filter { get; private set; }

    public PayloadShape Shape => new(PayloadFormat, Transformation, BodyTemplate, SecretInBody);
    public SubscriptionStats Stats { get; private set; } = SubscriptionStats.Empty;

    /// <summary>Requests in flight to this endpoint at most (across hosts: each takes its share).</summary>
    public int MaxInFlight { get; private set; } = DefaultMaxInFlight;

    /// <summary>Requests per second at most; null: no rate limit.</summary>
    public int? RateLimitPerSecond { get; private set; }

    /// <summary>FIFO: the next delivery is not sent until the previous one succeeded or was exhausted.</summary>
    public bool Ordered { get; private set; }

    /// <summary>The head of this subscription's queue, kept by the engine: no later than the earliest time one of its
    /// unfinished deliveries may be sent; null when it has none. The claim picks subscriptions by it, so one
    /// subscription's backlog is one row to the claim however long it is.</summary>
    public DateTimeOffset? NextDueAt { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public IReadOnlyList<SubscriptionEventType> EventTypes => _eventTypes;
    public IReadOnlyList<CustomHeader> Headers => _headers;
    public bool IsActive => State == SubscriptionState.Active;

    public void Rename(string name) => Name = Guard.NotBlank(name, "Name", 100);

    public void ChangeEndpoint(string url, string method, int timeoutMs)
    {
        if (WebhookUrl.Problem(url) is { } problem)
            throw new DomainException(problem);
        var normalizedMethod = (method ?? "").Trim().ToUpperInvariant();
        if (!AllowedMethods.Contains(normalizedMethod))
            throw new DomainException($"HTTP method must be one of {string.Join(", ", AllowedMethods)}.");
        if (timeoutMs is < MinTimeoutMs or > MaxTimeoutMs)
            throw new DomainException($"Timeout must be between {MinTimeoutMs} and {MaxTimeoutMs} ms.");
        Url = url.Trim();
        HttpMethod = normalizedMethod;
        TimeoutMs = timeoutMs;
    }

    public void SetEventTypes(IEnumerable<string> names)
    {
        var distinct = names.Select(n => n.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0)
            throw new DomainException("A subscription needs at least one event type.");
        if (distinct.FirstOrDefault(n => !EventTypeName.IsValid(n)) is { } invalid)
            throw new DomainException($"'{invalid}' is not a valid event type name.");
        _eventTypes.RemoveAll(e => !distinct.Contains(e.Name));
        foreach (var name in distinct.Where(n => _eventTypes.All(e => e.Name != n)))
            _eventTypes.Add(new SubscriptionEventType(name));
    }

    /// <summary>Aptic's DELETE with an events array: remove only some types; the last one cannot go.</summary>
    public void RemoveEventTypes(IEnumerable<string> names)
    {
        var remaining = _eventTypes.Select(e => e.Name).Except(names, StringComparer.Ordinal).ToList();
        if (remaining.Count == 0)
            throw new DomainException("Removing these event types would leave the subscription with none.");
        SetEventTypes(remaining);
    }

    public void ConfigureAuth(EndpointAuth auth)
    {
        if (auth.Type != AuthType.None && (string.IsNullOrWhiteSpace(auth.Key) || string.IsNullOrEmpty(auth.ProtectedToken)))
            throw new DomainException("Header and query authentication need a key and a token.");
        Auth = auth.Type == AuthType.None ? EndpointAuth.None : auth with { Key = auth.Key!.Trim() };
    }

    public void SetHeaders(IEnumerable<CustomHeader> headers) => _headers = [.. headers];

    public void ConfigureSigning(SigningSettings signing) => Signing = signing;

    /// <summary>Signs with <paramref name="protectedSecret"/> (a new secret, encrypted) from now on. Standard Webhooks
    /// can send two signatures, so its previous secret keeps signing for <paramref name="gracePeriod"/>; an
    /// hmac-sha256 receiver switches at once. Returns until when the previous secret signs, or null.</summary>
    public DateTimeOffset? RotateSecret(string protectedSecret, TimeSpan gracePeriod, DateTimeOffset now)
    {
        if (!SigningSecret.IsShared(Signing.Scheme))
            throw new DomainException("Only standard-webhooks and hmac-sha256 subscriptions have a secret to rotate.");
        var keepsPrevious = Signing.Scheme == SigningScheme.StandardWebhooks && Signing.ProtectedSecret is not null;
        var until = keepsPrevious ? now + gracePeriod : (DateTimeOffset?)null;
        Signing = Signing with
        {
            ProtectedSecret = protectedSecret,
            ProtectedPreviousSecret = keepsPrevious ? Signing.ProtectedSecret : null,
            PreviousSecretExpiresAt = until,
        };
        Touch(now);
        return until;
    }

    public void ConfigureRetry(RetrySettings retry)
    {
        if (RetryPolicy.Validate(retry) is [var first, ..])
            throw new DomainException(first.Message);
        Retry = retry;
    }

    public void ConfigureNotification(NotificationSettings notification)
    {
        if (notification.Enabled && string.IsNullOrWhiteSpace(notification.Email))
            throw new DomainException("Failure notification needs an e-mail address.");
        Notification = notification;
    }

    public void UsePayloadFormat(PayloadFormat format) => ShapePayload(new PayloadShape(format));

    /// <summary>Template and transformation only mean something for the custom format; other formats drop them.</summary>
    public void ShapePayload(PayloadShape shape)
    {
        var custom = shape.Format == PayloadFormat.Custom;
        PayloadFormat = shape.Format;
        Transformation = custom ? Script(shape.Transformation, "The transformation") : null;
        BodyTemplate = custom ? Script(shape.BodyTemplate, "The body template") : null;
        SecretInBody = custom && shape.SecretInBody;
    }

    public void UseKind(SubscriptionKind kind) => Kind = kind;

    public void SetFilter(string? filter) => Filter = Script(filter, "The filter");

    private static string? Script(string? text, string what) => string.IsNullOrWhiteSpace(text)
        ? null
        : text.Length > PayloadShape.MaxScriptLength
            ? throw new DomainException($"{what} must be at most {PayloadShape.MaxScriptLength} characters.")
            : text.Trim();

    /// <summary>How hard this endpoint may be pushed: in-flight limit, optional rate limit, FIFO order.</summary>
    public void ConfigureFlow(int maxInFlight, int? rateLimitPerSecond, bool ordered)
    {
        if (maxInFlight is < 1 or > MaxMaxInFlight)
            throw new DomainException($"Max in flight must be between 1 and {MaxMaxInFlight}.");
        if (rateLimitPerSecond is < 1 or > MaxRateLimitPerSecond)
            throw new DomainException($"The rate limit must be between 1 and {MaxRateLimitPerSecond} requests per second.");
        MaxInFlight = maxInFlight;
        RateLimitPerSecond = rateLimitPerSecond;
        Ordered = ordered;
    }

    /// <summary>Deliveries sent to this subscription now are recorded as skipped (it is disabled).</summary>
    public bool SkipsDeliveries => State == SubscriptionState.Disabled;

    public void Touch(DateTimeOffset now) => UpdatedAt = now;

    public void Pause(DateTimeOffset now) => ChangeState(SubscriptionState.Paused, null, now);

    /// <summary>Back to Active; a disabled endpoint starts with a clean failure streak. Its waiting queue goes out
    /// from now (the claim finds out what is due).</summary>
    public void Resume(DateTimeOffset now)
    {
        if (State == SubscriptionState.Disabled)
            Stats = Stats with { ConsecutiveFailures = 0, FailingSince = null };
        ChangeState(SubscriptionState.Active, null, now);
        NextDueAt = now;
    }

    public void Disable(string reason, DateTimeOffset now) =>
        ChangeState(SubscriptionState.Disabled, Guard.NotBlank(reason, "Reason", 500), now);

    /// <summary>Keeps Akuiteo's columns current and the failure streak auto-disable looks at. A transport error has
    /// no status code: the latest response becomes null (N/A).</summary>
    public void RecordAttemptResult(int? statusCode, bool success, DateTimeOffset now)
    {
        Stats = success
            ? Stats with
            {
                LatestResponseCode = statusCode,
                SuccessfulCalls = Stats.SuccessfulCalls + 1,
                TotalCalls = Stats.TotalCalls + 1,
                ConsecutiveFailures = 0,
                LastAttemptAt = now,
                FailingSince = null,
            }
            : Stats with
            {
                LatestResponseCode = statusCode,
                TotalCalls = Stats.TotalCalls + 1,
                ConsecutiveFailures = Stats.ConsecutiveFailures + 1,
                LastAttemptAt = now,
                FailingSince = Stats.FailingSince ?? now,
            };
    }

    /// <summary>True for an active endpoint whose current failure streak reached the policy's count, or has spanned
    /// its duration from the first to the latest failure — measured between attempts, so an endpoint that failed
    /// once and then got no traffic is not "failing for days".</summary>
    public bool ShouldAutoDisable(AutoDisablePolicy policy)
    {
        if (State != SubscriptionState.Active || Stats.ConsecutiveFailures == 0)
            return false;
        if (policy.MaxConsecutiveFailures is { } max && Stats.ConsecutiveFailures >= max)
            return true;
        return policy.MaxFailingDuration is { } duration
            && Stats is { FailingSince: { } since, LastAttemptAt: { } last }
            && last - since >= duration;
    }

    /// <summary>Disables the endpoint when <see cref="ShouldAutoDisable"/> says so; true when it did.</summary>
    public bool AutoDisableIfFailing(AutoDisablePolicy policy, DateTimeOffset now)
    {
        if (!ShouldAutoDisable(policy))
            return false;
        var since = Stats.FailingSince!.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
        Disable($"Disabled automatically: {Stats.ConsecutiveFailures} failed attempts in a row since {since}.", now);
        return true;
    }

    /// <summary>The receiver answered 410 Gone: it asked not to be called again.</summary>
    public void DisableAsGone(DateTimeOffset now) => Disable("The endpoint answered 410 Gone.", now);

    private void ChangeState(SubscriptionState state, string? reason, DateTimeOffset now)
    {
        State = state;
        DisabledReason = reason;
        StateChangedAt = now;
    }
}
