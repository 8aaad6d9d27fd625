namespace Portal.Domain.Deliveries;

public enum DeliveryStatus
{
    Pending,
    Retrying,
    Succeeded,
    Exhausted,
    Cancelled,
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
}
