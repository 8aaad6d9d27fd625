using System.Text.Json.Serialization;
using Portal.Common;
using Portal.Dispatch;
using Portal.Domain.Subscriptions;
using Portal.Features.Subscriptions.Editor;

namespace Portal.Api;

public sealed record AuthBody(string? Type, string? Key, string? Token);

public sealed record SigningBody(string? Scheme, string? HeaderName, string? Secret);

public sealed record RetryBody(string? Preset, int? MaxAttempts, int[]? DelaysSeconds, int? InitialDelaySeconds,
    double? Factor, int? MaxRetries, int? CapSeconds);

/// <summary>Create (POST) or replace (PUT) a subscription. On PUT, a missing or empty auth token, header value or
/// signing secret keeps the stored one (they are never returned, so a client can PUT back what it GOT).</summary>
public sealed record SubscriptionRequest(
    string? Name,
    string? Url,
    string? Method,
    List<string>? EventTypes,
    bool? Active,
    AuthBody? Auth,
    Dictionary<string, string?>? Headers,
    SigningBody? Signing,
    int? TimeoutMs,
    RetryBody? Retry,
    string? NotifyEmail,
    bool? NotifyOnFailure,
    string? PayloadFormat,
    int? MaxInFlight = null,
    int? RateLimitPerSecond = null,
    bool? Ordered = null,
    string? Kind = null,
    string? Transformation = null,
    string? BodyTemplate = null,
    bool? SecretInBody = null,
    string? Filter = null);

public sealed record AuthResponse(string Type, string? Key);

public sealed record SigningResponse(string Scheme, string? HeaderName);

public sealed record StatsResponse(int? LatestResponse, long SuccessfulCalls, long TotalCalls);

public sealed record SubscriptionResponse(
    Guid Id,
    string Name,
    string Url,
    string Method,
    IReadOnlyList<string> EventTypes,
    bool Active,
    string State,
    string? DisabledReason,
    AuthResponse Auth,
    Dictionary<string, string?> Headers,
    SigningResponse Signing,
    int TimeoutMs,
    RetryBody Retry,
    string? NotifyEmail,
    bool NotifyOnFailure,
    string PayloadFormat,
    int MaxInFlight,
    int? RateLimitPerSecond,
    bool Ordered,
    string Kind,
    string? Transformation,
    string? BodyTemplate,
    bool SecretInBody,
    string? Filter,
    StatsResponse Stats,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Only in the answer to create: the signing secret…</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Secret { get; init; }

    /// <summary>…or, for rsa-sha256, the platform's public key.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PublicKeyPem { get; init; }

    /// <summary>Whether failure e-mail reaches <see cref="NotifyEmail"/>: "member", "confirmed" or
    /// "awaiting-confirmation" (nothing is sent until the link e-mailed to it is followed); absent without an address.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? NotificationEmailStatus { get; init; }

    /// <summary>Secrets (auth token, header values, signing secret) never leave the server here.</summary>
    public static SubscriptionResponse From(Subscription s) => new(
        s.Id, s.Name, s.Url, s.HttpMethod, s.EventTypes.Select(e => e.Name).ToList(),
        s.State == SubscriptionState.Active, ApiNames.Of(s.State), s.DisabledReason,
        new AuthResponse(ApiNames.Of(s.Auth.Type), s.Auth.Key),
        s.Headers.ToDictionary(h => h.Name, _ => (string?)null),
        new SigningResponse(ApiNames.Of(s.Signing.Scheme), s.Signing.HeaderName),
        s.TimeoutMs,
        new RetryBody(ApiNames.Of(s.Retry.Preset), s.Retry.MaxAttempts, Delays(s.Retry.DelaysSeconds),
            s.Retry.InitialDelaySeconds, s.Retry.Factor, s.Retry.MaxRetries, s.Retry.CapSeconds),
        s.Notification.Email, s.Notification.Enabled, ApiNames.Of(s.PayloadFormat),
        s.MaxInFlight, s.RateLimitPerSecond, s.Ordered,
        ApiNames.Of(s.Kind), s.Transformation, s.BodyTemplate, s.SecretInBody, s.Filter,
        new StatsResponse(s.Stats.LatestResponseCode, s.Stats.SuccessfulCalls, s.Stats.TotalCalls),
        s.CreatedAt, s.UpdatedAt);

    private static int[]? Delays(string? text) => string.IsNullOrWhiteSpace(text)
        ? null
        : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => int.TryParse(t, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : -1).ToArray();
}

internal static class SubscriptionRequestMapping
{
    /// <summary>The shared form model; enum spellings the API does not know come back as field errors. What the request
    /// leaves out comes from <paramref name="defaults"/> (the admin's defaults on create; the built-in ones on replace).</summary>
    public static SubscriptionInput ToInput(this SubscriptionRequest request, Dictionary<string, string[]> errors,
        SubscriptionDefaults? defaults = null, int defaultMaxInFlight = Subscription.DefaultMaxInFlight)
    {
        defaults ??= new SubscriptionDefaults();
        var input = new SubscriptionInput
        {
            Name = request.Name ?? "",
            Url = request.Url ?? "",
            Method = string.IsNullOrWhiteSpace(request.Method) ? "POST" : request.Method.Trim().ToUpperInvariant(),
            EventTypes = request.EventTypes ?? [],
            Active = request.Active ?? true,
            AuthKey = request.Auth?.Key,
            AuthToken = request.Auth?.Token,
            Headers = (request.Headers ?? []).Select(h => new HeaderInput { Name = h.Key, Value = h.Value }).ToList(),
            SignatureHeaderName = request.Signing?.HeaderName,
            SigningSecret = request.Signing?.Secret,
            TimeoutMs = request.TimeoutMs ?? defaults.TimeoutMs,
            MaxAttempts = request.Retry?.MaxAttempts,
            DelaysSeconds = request.Retry?.DelaysSeconds is { Length: > 0 } delays
                ? string.Join(',', delays.Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                : null,
            InitialDelaySeconds = request.Retry?.InitialDelaySeconds,
            Factor = request.Retry?.Factor,
            MaxRetries = request.Retry?.MaxRetries,
            CapSeconds = request.Retry?.CapSeconds,
            NotifyEmail = request.NotifyEmail,
            NotifyOnFailure = request.NotifyOnFailure ?? false,
            MaxInFlight = request.MaxInFlight ?? defaultMaxInFlight,
            RateLimitPerSecond = request.RateLimitPerSecond,
            Ordered = request.Ordered ?? false,
            Transformation = request.Transformation,
            BodyTemplate = request.BodyTemplate,
            SecretInBody = request.SecretInBody ?? false,
            Filter = request.Filter,
        };
        input.AuthType = Parse(request.Auth?.Type, AuthType.None, "auth.type", errors);
        input.SigningScheme = Parse(request.Signing?.Scheme, defaults.SigningScheme, "signing.scheme", errors);
        input.RetryPreset = Parse(request.Retry?.Preset, defaults.RetryPreset, "retry.preset", errors);
        input.PayloadFormat = Parse(request.PayloadFormat, PayloadFormat.Envelope, "payloadFormat", errors);
        input.Kind = Parse(request.Kind, SubscriptionKind.Webhook, "kind", errors);
        return input;
    }

    private static TEnum Parse<TEnum>(string? name, TEnum fallback, string field, Dictionary<string, string[]> errors)
        where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(name))
            return fallback;
        if (ApiNames.TryParse<TEnum>(name.Trim(), out var value))
            return value;
        errors[field] = [$"'{name}' is not one of: {ApiNames.Allowed<TEnum>()}."];
        return fallback;
    }
}
