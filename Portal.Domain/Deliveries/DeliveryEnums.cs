namespace Portal.Domain.Deliveries;

public enum DeliveryStatus
{
    Pending,
    Retrying,
    Succeeded,
    Exhausted,
    Cancelled,

    /// <summary>Published while its subscription was disabled: recorded, never sent unless recovered.</summary>
    Skipped,
}

public enum AttemptTrigger
{
    Automatic,
    Manual,
}

/// <summary>Why an attempt got no HTTP response (None when it did).</summary>
public enum AttemptErrorKind
{
    None,
    Timeout,
    Dns,
    ConnectionRefused,
    Tls,
    SsrfBlocked,
    Network,

    /// <summary>The request could not be built from the subscription's settings (e.g. a secret that no longer
    /// decrypts); retried on the schedule in case the settings are fixed meanwhile.</summary>
    Configuration,

    /// <summary>The subscription's transformation or template threw, timed out or ran over its limits.</summary>
    Transformation,

    /// <summary>The transformation cancelled the delivery (<c>webhook.cancel = true</c>); nothing was sent.</summary>
    Cancelled,
}
