using System.Text.Json.Serialization;
using Portal.Dispatch;
using Portal.Domain.Subscriptions;
using Portal.Notifications;

namespace Portal.Features.Admin.Dispatcher;

/// <summary>The admin-edited dispatcher settings: the form's model and the stored document ("dispatcher"), laid over
/// <see cref="DeliveryOptions"/> and <see cref="RetentionOptions"/> from configuration.</summary>
public sealed class DispatcherSettings
{
    public const string Name = "dispatcher";

    public int DefaultTimeoutMs { get; set; } = Subscription.DefaultTimeoutMs;
    // Stored by name, so the document survives a reordering of the enums.
    [JsonConverter(typeof(JsonStringEnumConverter<RetryPreset>))]
    public RetryPreset DefaultRetryPreset { get; set; } = RetryPreset.Standard;

    [JsonConverter(typeof(JsonStringEnumConverter<SigningScheme>))]
    public SigningScheme DefaultSigningScheme { get; set; } = SigningScheme.StandardWebhooks;

    public int MaxConcurrency { get; set; }
    public int MaxConcurrencyPerSubscription { get; set; }

    /// <summary>Null: never disable on the count of consecutive failures.</summary>
    public int? AutoDisableAfterConsecutiveFailures { get; set; }

    /// <summary>Null: never disable on how long an endpoint has been failing.</summary>
    public int? AutoDisableAfterFailingForHours { get; set; }

    /// <summary>Null (a document saved before the cap existed) keeps the configured cap.</summary>
    public int? MaxSubscriptionsPerTenant { get; set; }

    public int RetentionDays { get; set; }
    public bool AllowLoopback { get; set; }
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>The allowlist as the form edits it: one CIDR network per line.</summary>
    [JsonIgnore]
    public string AllowedNetworksText
    {
        get => string.Join('\n', AllowedNetworks);
        set => AllowedNetworks = (value ?? "").Split(['\n', ',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }

    public static DispatcherSettings From(DeliveryOptions delivery, RetentionOptions retention, QuotaOptions quotas) => new()
    {
        MaxSubscriptionsPerTenant = quotas.MaxSubscriptionsPerTenant,
        DefaultTimeoutMs = delivery.Defaults.TimeoutMs,
        DefaultRetryPreset = delivery.Defaults.RetryPreset,
        DefaultSigningScheme = delivery.Defaults.SigningScheme,
        MaxConcurrency = delivery.MaxConcurrency,
        MaxConcurrencyPerSubscription = delivery.MaxConcurrencyPerSubscription,
        AutoDisableAfterConsecutiveFailures = delivery.AutoDisableAfterConsecutiveFailures,
        AutoDisableAfterFailingForHours = delivery.AutoDisableAfterFailingFor is { } failing ? (int)Math.Ceiling(failing.TotalHours) : null,
        RetentionDays = Math.Max(1, (int)Math.Round(retention.MaxAge.TotalDays)),
        AllowLoopback = delivery.Ssrf.AllowLoopback,
        AllowedNetworks = [.. delivery.Ssrf.AllowedNetworks],
    };

    public void ApplyTo(DeliveryOptions delivery)
    {
        delivery.Defaults = new SubscriptionDefaults
        {
            TimeoutMs = DefaultTimeoutMs, RetryPreset = DefaultRetryPreset, SigningScheme = DefaultSigningScheme,
        };
        delivery.MaxConcurrency = MaxConcurrency;
        delivery.MaxConcurrencyPerSubscription = MaxConcurrencyPerSubscription;
        delivery.AutoDisableAfterConsecutiveFailures = AutoDisableAfterConsecutiveFailures;
        delivery.AutoDisableAfterFailingFor = AutoDisableAfterFailingForHours is { } hours ? TimeSpan.FromHours(hours) : null;
        delivery.Ssrf = new SsrfOptions { AllowLoopback = AllowLoopback, AllowedNetworks = [.. AllowedNetworks] };
    }

    public void ApplyTo(QuotaOptions quotas)
    {
        if (MaxSubscriptionsPerTenant is { } cap)
            quotas.MaxSubscriptionsPerTenant = cap;
    }

    public void ApplyTo(RetentionOptions retention) => retention.MaxAge = TimeSpan.FromDays(RetentionDays);
}
