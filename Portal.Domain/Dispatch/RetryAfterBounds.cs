namespace Portal.Domain.Dispatch;

/// <summary>How far a receiver's Retry-After may push the next attempt: later than the schedule, but by at most
/// an hour, and never beyond 24 h unless the schedule itself already waits longer.</summary>
public static class RetryAfterBounds
{
    public static readonly TimeSpan MaxExtension = TimeSpan.FromHours(1);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromHours(24);

    public static TimeSpan Apply(TimeSpan scheduled, TimeSpan retryAfter)
    {
        if (retryAfter <= scheduled)
            return scheduled;
        var limit = Min(scheduled + MaxExtension, Max(scheduled, MaxDelay));
        return Min(retryAfter, limit);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
