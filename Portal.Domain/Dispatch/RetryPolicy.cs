using System.Globalization;
using Portal.Domain.Subscriptions;

namespace Portal.Domain.Dispatch;

/// <summary>Turns a subscription's <see cref="RetrySettings"/> into a <see cref="RetrySchedule"/>, one rule per
/// preset (DESIGN.md "Retry policies"), and says what makes settings valid.</summary>
public static class RetryPolicy
{
    public const int MinAkuiteoAttempts = 1;
    public const int MaxAkuiteoAttempts = 8;
    public const int MaxCustomRetries = 20;
    public const double MaxFactor = 10;
    public const int MinDelaySeconds = 1;
    public const int MaxDelaySeconds = 7 * 24 * 3600;

    /// <summary>Svix / Standard Webhooks: 8 attempts in all, spread over about 27 h.</summary>
    public static IReadOnlyList<TimeSpan> StandardDelays { get; } =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10),
    ];

    /// <summary>Throws <see cref="Common.DomainException"/> for settings that <see cref="Validate"/> rejects.</summary>
    public static RetrySchedule ScheduleFor(RetrySettings settings, TimeSpan endpointTimeout)
    {
        if (Validate(settings) is [var first, ..])
            throw new Common.DomainException($"Invalid retry settings: {first.Message}");
        return settings.Preset switch
        {
            RetryPreset.Standard => new(StandardDelays, RetrySchedule.StandardJitter),
            // A-Cube: "retry 15 times every 300 seconds with a back-off rate of 1.25" — followed to the second.
            RetryPreset.ACube => new(Exponential(300, 1.25, 15, null), 0),
            // Akuiteo production mode: "Timeout (endPoint) + try number⁴", try number n = 1, 2, … for retry n.
            RetryPreset.Akuiteo => new(Retries(settings.MaxAttempts!.Value - 1)
                .Select(n => endpointTimeout + TimeSpan.FromSeconds(Math.Pow(n, 4))).ToList(), 0),
            RetryPreset.AkuiteoTest => new(Retries(settings.MaxAttempts!.Value - 1)
                .Select(_ => TimeSpan.FromSeconds(3)).ToList(), 0),
            // Accredit allows 5 retries (X-JobAttempt 0..5) but publishes no delays: we use the first five standard
            // waits with the standard jitter, so its receivers see the same pacing as every other endpoint.
            RetryPreset.Accredit => new(StandardDelays.Take(5).ToList(), RetrySchedule.StandardJitter),
            // Custom delays are what the tenant typed: no jitter.
            RetryPreset.Custom when !string.IsNullOrWhiteSpace(settings.DelaysSeconds) =>
                new(ParseDelays(settings.DelaysSeconds).Select(s => TimeSpan.FromSeconds(s!.Value)).ToList(), 0),
            RetryPreset.Custom => new(Exponential(settings.InitialDelaySeconds!.Value, settings.Factor!.Value,
                settings.MaxRetries!.Value, settings.CapSeconds), 0),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Preset, "Unknown retry preset."),
        };
    }

    public static RetrySchedule ScheduleFor(Subscription subscription) =>
        ScheduleFor(subscription.Retry, TimeSpan.FromMilliseconds(subscription.TimeoutMs));

    /// <summary>Every problem with the settings; empty when they are usable.</summary>
    public static IReadOnlyList<SettingError> Validate(RetrySettings settings)
    {
        var errors = new List<SettingError>();
        // Whatever the preset, the factor is stored: NaN and infinities mean nothing and SQLite refuses NaN.
        if (settings.Factor is { } f && !double.IsFinite(f))
            errors.Add(new(nameof(RetrySettings.Factor), "The factor must be a number (not NaN or infinity)."));
        switch (settings.Preset)
        {
            case RetryPreset.Akuiteo or RetryPreset.AkuiteoTest:
                if (settings.MaxAttempts is not { } attempts)
                    errors.Add(new(nameof(RetrySettings.MaxAttempts),
                        $"Max attempts is required for the Akuiteo presets ({MinAkuiteoAttempts}–{MaxAkuiteoAttempts})."));
                else if (attempts is < MinAkuiteoAttempts or > MaxAkuiteoAttempts)
                    errors.Add(new(nameof(RetrySettings.MaxAttempts),
                        $"Max attempts must be between {MinAkuiteoAttempts} and {MaxAkuiteoAttempts}."));
                break;
            case RetryPreset.Custom:
                ValidateCustom(settings, errors);
                break;
            case RetryPreset.Standard or RetryPreset.ACube or RetryPreset.Accredit:
                break;
            default:
                errors.Add(new(nameof(RetrySettings.Preset), "Unknown retry preset."));
                break;
        }
        return errors;
    }

    private static void ValidateCustom(RetrySettings s, List<SettingError> errors)
    {
        var hasList = !string.IsNullOrWhiteSpace(s.DelaysSeconds);
        var hasExponential = s.InitialDelaySeconds is not null || s.Factor is not null || s.MaxRetries is not null
            || s.CapSeconds is not null;
        if (hasList && hasExponential)
        {
            errors.Add(new(nameof(RetrySettings.DelaysSeconds),
                "Give either a list of delays or an initial delay with a factor, not both."));
            return;
        }
        if (hasList)
        {
            ValidateDelayList(s.DelaysSeconds!, errors);
            return;
        }
        if (s.InitialDelaySeconds is not { } initial)
            errors.Add(new(nameof(RetrySettings.InitialDelaySeconds),
                "A custom schedule needs a list of delays, or an initial delay with a factor and a number of retries."));
        else if (initial is < MinDelaySeconds or > MaxDelaySeconds)
            errors.Add(new(nameof(RetrySettings.InitialDelaySeconds), DelayRangeMessage("The initial delay")));
        if (s.Factor is not { } factor || (double.IsFinite(factor) && factor is < 1 or > MaxFactor))
            errors.Add(new(nameof(RetrySettings.Factor), $"The factor must be between 1 and {MaxFactor:0}."));
        if (s.MaxRetries is not { } retries || retries is < 1 or > MaxCustomRetries)
            errors.Add(new(nameof(RetrySettings.MaxRetries), $"Max retries must be between 1 and {MaxCustomRetries}."));
        if (s.CapSeconds is { } cap)
        {
            if (cap is < MinDelaySeconds or > MaxDelaySeconds)
                errors.Add(new(nameof(RetrySettings.CapSeconds), DelayRangeMessage("The cap")));
            else if (s.InitialDelaySeconds is { } i && cap < i)
                errors.Add(new(nameof(RetrySettings.CapSeconds), "The cap cannot be shorter than the initial delay."));
        }
    }

    private static void ValidateDelayList(string text, List<SettingError> errors)
    {
        var tokens = text.Split(',', StringSplitOptions.TrimEntries);
        var delays = ParseDelays(text);
        for (var i = 0; i < tokens.Length; i++)
        {
            if (delays[i] is not { } delay)
                errors.Add(new(nameof(RetrySettings.DelaysSeconds), $"'{tokens[i]}' is not a whole number of seconds."));
            else if (delay is < MinDelaySeconds or > MaxDelaySeconds)
                errors.Add(new(nameof(RetrySettings.DelaysSeconds), DelayRangeMessage($"The delay {delay} s")));
        }
        if (tokens.Length > MaxCustomRetries)
            errors.Add(new(nameof(RetrySettings.DelaysSeconds), $"At most {MaxCustomRetries} delays are allowed."));
    }

    private static string DelayRangeMessage(string what) =>
        $"{what} must be between {MinDelaySeconds} second and 7 days ({MaxDelaySeconds} seconds).";

    /// <summary>"10, 60,300" → 10, 60, 300; a token that is not a whole number becomes null.</summary>
    private static List<int?> ParseDelays(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries)
            .Select(t => int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : (int?)null)
            .ToList();

    private static IEnumerable<int> Retries(int count) => Enumerable.Range(1, count);

    /// <summary>initial × factor^(n−1) for retry n, capped (at most 7 days), rounded to whole seconds.</summary>
    private static List<TimeSpan> Exponential(int initialSeconds, double factor, int retries, int? capSeconds)
    {
        var cap = (double)(capSeconds ?? MaxDelaySeconds);
        return Retries(retries)
            .Select(n => Math.Min(initialSeconds * Math.Pow(factor, n - 1), cap))
            .Select(s => TimeSpan.FromSeconds((long)Math.Round(s, MidpointRounding.AwayFromZero)))
            .ToList();
    }
}
