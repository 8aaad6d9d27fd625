namespace Portal.Domain.Dispatch;

/// <summary>When a failing endpoint is switched off: after <see cref="MaxConsecutiveFailures"/> failed attempts in a
/// row, or when one unbroken failure streak has lasted <see cref="MaxFailingDuration"/> (Svix: 5 days). Null
/// turns a rule off.</summary>
public sealed record AutoDisablePolicy(int? MaxConsecutiveFailures, TimeSpan? MaxFailingDuration)
{
    public static AutoDisablePolicy Default { get; } = new(50, TimeSpan.FromDays(5));

    public static AutoDisablePolicy Never { get; } = new(null, null);

    public IReadOnlyList<SettingError> Validate()
    {
        var errors = new List<SettingError>();
        if (MaxConsecutiveFailures is < 1)
            errors.Add(new(nameof(MaxConsecutiveFailures), "Consecutive failures must be at least 1."));
        if (MaxFailingDuration is { } d && d <= TimeSpan.Zero)
            errors.Add(new(nameof(MaxFailingDuration), "The failing duration must be positive."));
        return errors;
    }
}
