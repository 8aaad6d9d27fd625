using Portal.Domain.Deliveries;

namespace Portal.Domain.Dispatch;

/// <summary>What an attempt means for the delivery and the subscription.</summary>
public enum AttemptOutcome
{
    /// <summary>2xx: the delivery is done.</summary>
    Success,

    /// <summary>Any other status, a timeout or a connection error: try again on the schedule.</summary>
    Retry,

    /// <summary>410 Gone: the receiver says the endpoint is gone for good; the subscription is disabled.</summary>
    Gone,

    /// <summary>The SSRF guard refused the target: retrying cannot help.</summary>
    Blocked,

    /// <summary>The subscription's transformation cancelled the delivery: nothing was sent, nothing to retry.</summary>
    Cancelled,
}

/// <summary>How one HTTP call ended: a status (with the receiver's Retry-After, if any) or a transport error.</summary>
public sealed record AttemptResult
{
    private AttemptResult(int? statusCode, AttemptErrorKind errorKind, TimeSpan? retryAfter)
    {
        StatusCode = statusCode;
        ErrorKind = errorKind;
        RetryAfter = retryAfter;
        Outcome = statusCode is { } status ? Classify(status) : Classify(errorKind);
    }

    /// <summary>Null when no HTTP response arrived.</summary>
    public int? StatusCode { get; }
    public AttemptErrorKind ErrorKind { get; }

    /// <summary>The receiver's Retry-After, already parsed by the host (seconds or HTTP date minus now).</summary>
    public TimeSpan? RetryAfter { get; }
    public AttemptOutcome Outcome { get; }
    public bool Succeeded => Outcome == AttemptOutcome.Success;

    /// <summary>Retry-After counts only on "too many requests" and "service unavailable".</summary>
    public bool HonoursRetryAfter => StatusCode is 429 or 503 && RetryAfter is not null;

    public static AttemptResult Response(int statusCode, TimeSpan? retryAfter = null)
    {
        if (statusCode is < 100 or > 999)
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "Not an HTTP status code.");
        return new(statusCode, AttemptErrorKind.None, retryAfter);
    }

    public static AttemptResult Error(AttemptErrorKind kind) =>
        kind == AttemptErrorKind.None
            ? throw new ArgumentException("A transport error needs a kind.", nameof(kind))
            : new(null, kind, null);

    public static AttemptOutcome Classify(int statusCode) => statusCode switch
    {
        >= 200 and < 300 => AttemptOutcome.Success,
        410 => AttemptOutcome.Gone,
        _ => AttemptOutcome.Retry,
    };

    public static AttemptOutcome Classify(AttemptErrorKind kind) => kind switch
    {
        AttemptErrorKind.None => throw new ArgumentException("No error kind: classify the status code instead.", nameof(kind)),
        AttemptErrorKind.SsrfBlocked => AttemptOutcome.Blocked,
        AttemptErrorKind.Cancelled => AttemptOutcome.Cancelled,
        _ => AttemptOutcome.Retry,
    };
}
