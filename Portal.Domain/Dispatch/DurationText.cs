using System.Globalization;

namespace Portal.Domain.Dispatch;

/// <summary>Short human durations: "5 s", "6 min 15 s", "1 d 3 h 35 min 5 s", "16.5 s".</summary>
public static class DurationText
{
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
            return "-" + Format(duration.Negate());
        var parts = new List<string>(4);
        if (duration.Days > 0)
            parts.Add($"{duration.Days} d");
        if (duration.Hours > 0)
            parts.Add($"{duration.Hours} h");
        if (duration.Minutes > 0)
            parts.Add($"{duration.Minutes} min");
        var seconds = duration.Seconds + duration.Milliseconds / 1000m;
        if (seconds > 0 || parts.Count == 0)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{seconds:0.###} s"));
        return string.Join(' ', parts);
    }
}
