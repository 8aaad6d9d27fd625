using System.Globalization;

namespace Portal.Domain.Dispatch;

/// <summary>A schedule as the UI shows it: each wait and the sum of them.</summary>
public sealed record RetryPreview(IReadOnlyList<TimeSpan> Delays, double Jitter)
{
    public int MaxAttempts => Delays.Count + 1;

    /// <summary>Time from the first attempt to the last retry, request durations not counted.</summary>
    public TimeSpan Total => Delays.Aggregate(TimeSpan.Zero, (sum, d) => sum + d);

    /// <summary>e.g. "Retries after 5 s, 5 min (±20 %) — 3 attempts over 5 min 5 s".</summary>
    public string Summary
    {
        get
        {
            if (Delays.Count == 0)
                return "No retries — 1 attempt";
            var jitter = Jitter > 0 ? string.Create(CultureInfo.InvariantCulture, $" (±{Jitter * 100:0.#} %)") : "";
            return $"Retries after {string.Join(", ", Delays.Select(DurationText.Format))}{jitter} — "
                + $"{MaxAttempts} attempts over {DurationText.Format(Total)}";
        }
    }

    public override string ToString() => Summary;
}
