namespace Portal.Domain.Dispatch;

/// <summary>A finite list of waits between attempts: <see cref="Delays"/>[k] is the wait after attempt k (0-based)
/// failed. Build one with <see cref="RetryPolicy.ScheduleFor"/>.</summary>
public sealed class RetrySchedule
{
    /// <summary>±20 %: spreads retries of many deliveries that failed together (Svix, Standard Webhooks).</summary>
    public const double StandardJitter = 0.2;

    internal RetrySchedule(IReadOnlyList<TimeSpan> delays, double jitter)
    {
        Delays = delays;
        Jitter = jitter;
    }

    /// <summary>Unjittered waits, one per retry.</summary>
    public IReadOnlyList<TimeSpan> Delays { get; }

    /// <summary>Relative jitter applied to each wait (0.2 = ±20 %); 0 for vendor schedules followed to the second.</summary>
    public double Jitter { get; }

    /// <summary>The first attempt plus the retries.</summary>
    public int MaxAttempts => Delays.Count + 1;

    /// <summary>How long after failed attempt <paramref name="attemptNumber"/> the next one runs; null when the
    /// schedule is exhausted.</summary>
    public TimeSpan? DelayAfter(int attemptNumber, IRandomSource random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attemptNumber);
        if (attemptNumber >= Delays.Count)
            return null;
        var delay = Delays[attemptNumber];
        if (Jitter == 0)
            return delay;
        var spread = 1 + Jitter * (2 * Math.Clamp(random.NextDouble(), 0, 1) - 1);
        return TimeSpan.FromMilliseconds((long)Math.Round(delay.TotalMilliseconds * spread, MidpointRounding.AwayFromZero));
    }

    /// <summary>The wait before the next attempt after <paramref name="result"/>, or null when there is none: success,
    /// 410 Gone, an SSRF block, or the schedule is exhausted. A 429/503 Retry-After is honoured within bounds.</summary>
    public TimeSpan? NextDelay(int attemptNumber, AttemptResult result, IRandomSource random)
    {
        if (result.Outcome != AttemptOutcome.Retry || DelayAfter(attemptNumber, random) is not { } delay)
            return null;
        return result.HonoursRetryAfter ? RetryAfterBounds.Apply(delay, result.RetryAfter!.Value) : delay;
    }

    public RetryPreview Preview() => new(Delays, Jitter);
}
