using Portal.Domain.Common;
using Portal.Domain.Dispatch;
using Portal.Domain.Subscriptions;

namespace Portal.Tests.Domain.Dispatch;

public class RetryPolicyValidationTests
{
    private static string[] Errors(RetrySettings settings) =>
        RetryPolicy.Validate(settings).Select(e => e.ToString()).ToArray();

    [Theory]
    [InlineData(RetryPreset.Standard)]
    [InlineData(RetryPreset.ACube)]
    [InlineData(RetryPreset.Accredit)]
    public void Presets_without_parameters_are_valid(RetryPreset preset) =>
        Assert.Empty(Errors(new RetrySettings(preset)));

    [Theory]
    [InlineData(RetryPreset.Akuiteo, 1)]
    [InlineData(RetryPreset.Akuiteo, 8)]
    [InlineData(RetryPreset.AkuiteoTest, 5)]
    public void Akuiteo_presets_accept_1_to_8_attempts(RetryPreset preset, int attempts) =>
        Assert.Empty(Errors(new RetrySettings(preset, MaxAttempts: attempts)));

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    public void Akuiteo_presets_reject_attempts_outside_1_to_8(int attempts) =>
        Assert.Equal(["MaxAttempts: Max attempts must be between 1 and 8."],
            Errors(new RetrySettings(RetryPreset.AkuiteoTest, MaxAttempts: attempts)));

    [Fact]
    public void Akuiteo_preset_requires_max_attempts() =>
        Assert.Equal(["MaxAttempts: Max attempts is required for the Akuiteo presets (1–8)."],
            Errors(new RetrySettings(RetryPreset.Akuiteo)));

    [Fact]
    public void Custom_list_of_twenty_delays_from_1s_to_7_days_is_valid() =>
        Assert.Empty(Errors(new RetrySettings(RetryPreset.Custom,
            DelaysSeconds: string.Join(",", Enumerable.Repeat("1", 19).Append("604800")))));

    [Fact]
    public void Custom_list_reports_each_bad_delay()
    {
        Assert.Equal(
        [
            "DelaysSeconds: 'abc' is not a whole number of seconds.",
            "DelaysSeconds: The delay 0 s must be between 1 second and 7 days (604800 seconds).",
            "DelaysSeconds: '-5' is not a whole number of seconds.",
            "DelaysSeconds: The delay 604801 s must be between 1 second and 7 days (604800 seconds).",
            "DelaysSeconds: '' is not a whole number of seconds.",
        ], Errors(new RetrySettings(RetryPreset.Custom, DelaysSeconds: "10, abc, 0, -5, 604801,")));
    }

    [Fact]
    public void Custom_list_of_21_delays_is_too_long() =>
        Assert.Equal(["DelaysSeconds: At most 20 delays are allowed."],
            Errors(new RetrySettings(RetryPreset.Custom, DelaysSeconds: string.Join(",", Enumerable.Repeat("5", 21)))));

    [Fact]
    public void Custom_list_and_factor_together_are_rejected() =>
        Assert.Equal(["DelaysSeconds: Give either a list of delays or an initial delay with a factor, not both."],
            Errors(new RetrySettings(RetryPreset.Custom, DelaysSeconds: "10", Factor: 2)));

    [Fact]
    public void Custom_without_anything_says_what_is_needed() =>
        Assert.Equal(
        [
            "InitialDelaySeconds: A custom schedule needs a list of delays, or an initial delay with a factor and a number of retries.",
            "Factor: The factor must be between 1 and 10.",
            "MaxRetries: Max retries must be between 1 and 20.",
        ], Errors(new RetrySettings(RetryPreset.Custom)));

    [Fact]
    public void Custom_exponential_valid_with_and_without_cap()
    {
        Assert.Empty(Errors(new RetrySettings(RetryPreset.Custom, InitialDelaySeconds: 1, Factor: 1, MaxRetries: 20)));
        Assert.Empty(Errors(new RetrySettings(RetryPreset.Custom, InitialDelaySeconds: 60, Factor: 10, MaxRetries: 1, CapSeconds: 60)));
    }

    [Theory]
    [InlineData(0, 2.0, 5, null, "InitialDelaySeconds: The initial delay must be between 1 second and 7 days (604800 seconds).")]
    [InlineData(10, 0.5, 5, null, "Factor: The factor must be between 1 and 10.")]
    [InlineData(10, double.NaN, 5, null, "Factor: The factor must be a number (not NaN or infinity).")]
    [InlineData(10, double.PositiveInfinity, 5, null, "Factor: The factor must be a number (not NaN or infinity).")]
    [InlineData(10, 11.0, 5, null, "Factor: The factor must be between 1 and 10.")]
    [InlineData(10, 2.0, 0, null, "MaxRetries: Max retries must be between 1 and 20.")]
    [InlineData(10, 2.0, 21, null, "MaxRetries: Max retries must be between 1 and 20.")]
    [InlineData(10, 2.0, 5, 5, "CapSeconds: The cap cannot be shorter than the initial delay.")]
    [InlineData(10, 2.0, 5, 604801, "CapSeconds: The cap must be between 1 second and 7 days (604800 seconds).")]
    public void Custom_exponential_rejects_out_of_range_values(int initial, double factor, int retries, int? cap, string error) =>
        Assert.Equal([error], Errors(new RetrySettings(RetryPreset.Custom, InitialDelaySeconds: initial, Factor: factor,
            MaxRetries: retries, CapSeconds: cap)));

    /// <summary>Issue 16: a preset that ignores the factor still stores it, and SQLite refuses to store NaN.</summary>
    [Theory]
    [InlineData(RetryPreset.Standard, double.NaN)]
    [InlineData(RetryPreset.ACube, double.PositiveInfinity)]
    [InlineData(RetryPreset.Accredit, double.NegativeInfinity)]
    public void Non_finite_factor_is_rejected_whatever_the_preset(RetryPreset preset, double factor) =>
        Assert.Equal(["Factor: The factor must be a number (not NaN or infinity)."],
            Errors(new RetrySettings(preset, Factor: factor)));

    [Fact]
    public void Subscription_refuses_invalid_retry_settings()
    {
        var subscription = new Subscription(Guid.NewGuid(), "hr", "https://example.com/hook", ["employee.created"],
            DateTimeOffset.UnixEpoch);

        var ex = Assert.Throws<DomainException>(() =>
            subscription.ConfigureRetry(new RetrySettings(RetryPreset.Akuiteo, MaxAttempts: 0)));

        Assert.Equal("Max attempts must be between 1 and 8.", ex.Message);
        Assert.Equal(RetrySettings.Default, subscription.Retry);
    }
}
