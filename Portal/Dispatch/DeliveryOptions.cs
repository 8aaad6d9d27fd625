using System.ComponentModel.DataAnnotations;
using Portal.Domain.Dispatch;
using Portal.Domain.Subscriptions;

namespace Portal.Dispatch;

/// <summary>The <c>Delivery</c> section: how hard the dispatcher pushes and what it may reach.</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Delivery";

    /// <summary>Deliveries claimed per round trip to the database.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>How long the dispatcher may wait to make a claim or a recording larger: under load, for more free
    /// slots when only a few are free and sends are still in flight; at a trickle, for more publications after a
    /// wake-up; and for more results before recording. Fewer, larger database round trips for a few milliseconds of
    /// latency; zero turns it off.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:00.100")]
    public TimeSpan Gathering { get; set; } = TimeSpan.FromMilliseconds(12);

    /// <summary>HTTP calls in flight per host.</summary>
    [Range(1, 1024)]
    public int MaxConcurrency { get; set; } = 64;

    /// <summary>The in-flight limit a new subscription gets when its creator does not say (maxInFlight); each
    /// subscription keeps its own, shared between the live hosts.</summary>
    [Range(1, 256)]
    public int MaxConcurrencyPerSubscription { get; set; } = 8;

    /// <summary>How long a claim is held. Longer than the largest endpoint timeout, so a live host never loses work
    /// it is still sending; a crashed host's claims are taken over after it.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Longest sleep when nothing is due: the safety net behind the in-process wake-up and the
    /// due-time timer (other hosts' publications are seen within it).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan IdlePollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Send the W3C <c>traceparent</c> header of the attempt's span to receivers, so they can continue the
    /// publisher's trace.</summary>
    public bool SendTraceParent { get; set; } = true;

    /// <summary>Signed endpoints must use HTTPS (Akuiteo's rule). Off in Development.</summary>
    public bool RequireHttpsForSignedEndpoints { get; set; } = true;

    /// <summary>How long a rotated-out signing secret keeps signing.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan SecretRotationGracePeriod { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Disable a subscription after this many consecutive failed attempts (null: never on count).</summary>
    [Range(1, 100_000)]
    public int? AutoDisableAfterConsecutiveFailures { get; set; } = 50;

    /// <summary>Disable a subscription that has been failing for this long (null: never on duration).</summary>
    public TimeSpan? AutoDisableAfterFailingFor { get; set; } = TimeSpan.FromDays(5);

    public AutoDisablePolicy AutoDisable => new(AutoDisableAfterConsecutiveFailures, AutoDisableAfterFailingFor);

    public SsrfOptions Ssrf { get; set; } = new();

    /// <summary>What a new subscription gets when its creator does not say (form and API).</summary>
    public SubscriptionDefaults Defaults { get; set; } = new();
}

/// <summary>Defaults for new subscriptions.</summary>
public sealed class SubscriptionDefaults
{
    [Range(Subscription.MinTimeoutMs, Subscription.MaxTimeoutMs)]
    public int TimeoutMs { get; set; } = Subscription.DefaultTimeoutMs;

    public RetryPreset RetryPreset { get; set; } = RetryPreset.Standard;

    public SigningScheme SigningScheme { get; set; } = SigningScheme.StandardWebhooks;
}

/// <summary>Which addresses deliveries may connect to. Everything non-public is refused unless listed.</summary>
public sealed class SsrfOptions
{
    /// <summary>Allow 127.0.0.0/8 and ::1 (on in Development so a new user can try a local receiver).</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>Extra networks in CIDR notation that are allowed although not public (e.g. "10.20.0.0/16").</summary>
    public List<string> AllowedNetworks { get; set; } = [];
}
