using Portal.Domain.Common;
using Portal.Domain.Deliveries;
using Portal.Domain.Dispatch;
using Portal.Domain.Subscriptions;

namespace Portal.Tests.Domain.Dispatch;

public class RetryScheduleTests
{
    private static readonly TimeSpan Timeout15s = TimeSpan.FromSeconds(15);

    private static RetrySchedule For(RetrySettings settings, TimeSpan? timeout = null) =>
        RetryPolicy.ScheduleFor(settings, timeout ?? Timeout15s);

    private static TimeSpan[] Seconds(params double[] values) => values.Select(TimeSpan.FromSeconds).ToArray();

    private static TimeSpan?[] AllDelays(RetrySchedule schedule, IRandomSource random) =>
        Enumerable.Range(0, schedule.MaxAttempts).Select(k => schedule.DelayAfter(k, random)).ToArray();

    [Fact]
    public void Standard_without_jitter_draw_waits_5s_5m_30m_2h_5h_10h_10h_then_stops()
    {
        var schedule = For(RetrySettings.Default);

        Assert.Equal(8, schedule.MaxAttempts);
        Assert.Equal(Seconds(5, 300, 1800, 7200, 18000, 36000, 36000), schedule.Delays);
        TimeSpan?[] expected = [.. Seconds(5, 300, 1800, 7200, 18000, 36000, 36000).Select(d => (TimeSpan?)d), null];
        Assert.Equal(expected, AllDelays(schedule, FixedRandom.Mid));
    }

    [Fact]
    public void Standard_jitter_lowest_draw_is_80_percent()
    {
        var schedule = For(RetrySettings.Default);

        TimeSpan?[] expected = [.. Seconds(4, 240, 1440, 5760, 14400, 28800, 28800).Select(d => (TimeSpan?)d), null];
        Assert.Equal(expected, AllDelays(schedule, FixedRandom.Min));
    }

    [Fact]
    public void Standard_jitter_highest_draw_is_120_percent()
    {
        var schedule = For(RetrySettings.Default);

        TimeSpan?[] expected = [.. Seconds(6, 360, 2160, 8640, 21600, 43200, 43200).Select(d => (TimeSpan?)d), null];
        Assert.Equal(expected, AllDelays(schedule, FixedRandom.Max));
    }

    [Fact]
    public void Standard_jitter_is_proportional_to_the_draw_and_rounded_to_milliseconds()
    {
        var schedule = For(RetrySettings.Default);

        Assert.Equal(TimeSpan.FromMilliseconds(4500), schedule.DelayAfter(0, new FixedRandom(0.25)));
        Assert.Equal(TimeSpan.FromMilliseconds(5333), schedule.DelayAfter(0, new FixedRandom(0.6666)));
    }

    [Fact]
    public void Standard_jitter_with_real_randomness_stays_within_20_percent()
    {
        var schedule = For(RetrySettings.Default);

        for (var i = 0; i < 1000; i++)
        {
            var delay = schedule.DelayAfter(3, SharedRandomSource.Instance)!.Value;
            Assert.InRange(delay, TimeSpan.FromSeconds(5760), TimeSpan.FromSeconds(8640));
        }
    }

    [Fact]
    public void ACube_retries_15_times_from_300s_growing_by_a_quarter_for_about_9_hours()
    {
        var schedule = For(new RetrySettings(RetryPreset.ACube));

        Assert.Equal(16, schedule.MaxAttempts);
        Assert.Equal(
            Seconds(300, 375, 469, 586, 732, 916, 1144, 1431, 1788, 2235, 2794, 3492, 4366, 5457, 6821),
            schedule.Delays);
        Assert.Equal(TimeSpan.FromSeconds(300), schedule.DelayAfter(0, FixedRandom.Max));
        Assert.Equal(TimeSpan.FromSeconds(6821), schedule.DelayAfter(14, FixedRandom.Min));
        Assert.Null(schedule.DelayAfter(15, FixedRandom.Mid));
        var total = schedule.Preview().Total;
        Assert.Equal(TimeSpan.FromSeconds(32906), total);
        Assert.InRange(total, TimeSpan.FromHours(9), TimeSpan.FromHours(10));
    }

    [Fact]
    public void Akuiteo_production_waits_endpoint_timeout_plus_retry_number_to_the_fourth()
    {
        var schedule = For(new RetrySettings(RetryPreset.Akuiteo, MaxAttempts: 8), TimeSpan.FromSeconds(10));

        Assert.Equal(8, schedule.MaxAttempts);
        Assert.Equal(Seconds(11, 26, 91, 266, 635, 1306, 2411), schedule.Delays);
        Assert.Equal(TimeSpan.FromSeconds(11), schedule.DelayAfter(0, FixedRandom.Max));
        Assert.Null(schedule.DelayAfter(7, FixedRandom.Mid));
    }

    [Fact]
    public void Akuiteo_production_keeps_the_timeout_milliseconds()
    {
        var schedule = For(new RetrySettings(RetryPreset.Akuiteo, MaxAttempts: 3), TimeSpan.FromMilliseconds(1500));

        Assert.Equal([TimeSpan.FromMilliseconds(2500), TimeSpan.FromMilliseconds(17500)], schedule.Delays);
    }

    [Fact]
    public void Akuiteo_with_one_attempt_never_retries()
    {
        var schedule = For(new RetrySettings(RetryPreset.Akuiteo, MaxAttempts: 1));

        Assert.Equal(1, schedule.MaxAttempts);
        Assert.Empty(schedule.Delays);
        Assert.Null(schedule.DelayAfter(0, FixedRandom.Mid));
    }

    [Fact]
    public void Akuiteo_test_mode_waits_3s_between_attempts()
    {
        var schedule = For(new RetrySettings(RetryPreset.AkuiteoTest, MaxAttempts: 4));

        Assert.Equal(4, schedule.MaxAttempts);
        Assert.Equal(Seconds(3, 3, 3), schedule.Delays);
        Assert.Equal(TimeSpan.FromSeconds(3), schedule.DelayAfter(2, FixedRandom.Max));
        Assert.Null(schedule.DelayAfter(3, FixedRandom.Mid));
    }

    [Fact]
    public void Accredit_retries_5_times_on_the_first_five_standard_waits_with_jitter()
    {
        var schedule = For(new RetrySettings(RetryPreset.Accredit));

        Assert.Equal(6, schedule.MaxAttempts);
        Assert.Equal(Seconds(5, 300, 1800, 7200, 18000), schedule.Delays);
        Assert.Equal(TimeSpan.FromSeconds(14400), schedule.DelayAfter(4, FixedRandom.Min));
        Assert.Equal(TimeSpan.FromSeconds(21600), schedule.DelayAfter(4, FixedRandom.Max));
        Assert.Null(schedule.DelayAfter(5, FixedRandom.Mid));
    }

    [Fact]
    public void Custom_list_is_followed_exactly_without_jitter()
    {
        var schedule = For(new RetrySettings(RetryPreset.Custom, DelaysSeconds: " 10, 60 ,300"));

        Assert.Equal(Seconds(10, 60, 300), schedule.Delays);
        Assert.Equal(TimeSpan.FromSeconds(10), schedule.DelayAfter(0, FixedRandom.Max));
        Assert.Null(schedule.DelayAfter(3, FixedRandom.Mid));
    }

    [Fact]
    public void Custom_exponential_multiplies_by_the_factor_and_stops_at_the_cap()
    {
        var settings = new RetrySettings(RetryPreset.Custom, InitialDelaySeconds: 10, Factor: 2, MaxRetries: 5, CapSeconds: 100);

        Assert.Equal(Seconds(10, 20, 40, 80, 100), For(settings).Delays);
    }

    [Fact]
    public void Custom_exponential_without_cap_rounds_to_whole_seconds()
    {
        var settings = new RetrySettings(RetryPreset.Custom, InitialDelaySeconds: 3, Factor: 1.5, MaxRetries: 4);

        Assert.Equal(Seconds(3, 5, 7, 10), For(settings).Delays); // 3, 4.5, 6.75, 10.125
    }

    [Fact]
    public void ScheduleFor_invalid_settings_throws()
    {
        var ex = Assert.Throws<DomainException>(() => For(new RetrySettings(RetryPreset.Akuiteo, MaxAttempts: 9)));

        Assert.Equal("Invalid retry settings: Max attempts must be between 1 and 8.", ex.Message);
    }

    [Fact]
    public void ScheduleFor_subscription_uses_its_timeout()
    {
        var subscription = new Subscription(Guid.NewGuid(), "hr", "https://example.com/hook", ["employee.created"],
            DateTimeOffset.UnixEpoch);
        subscription.ChangeEndpoint("https://example.com/hook", "POST", 20_000);
        subscription.ConfigureRetry(new RetrySettings(RetryPreset.Akuiteo, MaxAttempts: 2));

        Assert.Equal(Seconds(21), RetryPolicy.ScheduleFor(subscription).Delays);
    }

    [Fact]
    public void NextDelay_after_success_gone_or_blocked_is_none()
    {
        var schedule = For(RetrySettings.Default);

        Assert.Null(schedule.NextDelay(0, AttemptResult.Response(200), FixedRandom.Mid));
        Assert.Null(schedule.NextDelay(0, AttemptResult.Response(410), FixedRandom.Mid));
        Assert.Null(schedule.NextDelay(0, AttemptResult.Error(AttemptErrorKind.SsrfBlocked), FixedRandom.Mid));
    }

    [Fact]
    public void NextDelay_after_failure_follows_the_schedule_until_exhausted()
    {
        var schedule = For(RetrySettings.Default);

        Assert.Equal(TimeSpan.FromMinutes(5), schedule.NextDelay(1, AttemptResult.Response(500), FixedRandom.Mid));
        Assert.Equal(TimeSpan.FromSeconds(5), schedule.NextDelay(0, AttemptResult.Error(AttemptErrorKind.Timeout), FixedRandom.Mid));
        Assert.Null(schedule.NextDelay(7, AttemptResult.Response(500), FixedRandom.Mid));
    }

    [Fact]
    public void NextDelay_honours_retry_after_on_429_and_503_only()
    {
        var schedule = For(RetrySettings.Default);
        var tenMinutes = TimeSpan.FromMinutes(10);

        Assert.Equal(tenMinutes, schedule.NextDelay(0, AttemptResult.Response(429, tenMinutes), FixedRandom.Mid));
        Assert.Equal(tenMinutes, schedule.NextDelay(0, AttemptResult.Response(503, tenMinutes), FixedRandom.Mid));
        Assert.Equal(TimeSpan.FromSeconds(5), schedule.NextDelay(0, AttemptResult.Response(500, tenMinutes), FixedRandom.Mid));
    }

    [Fact]
    public void NextDelay_retry_after_is_capped_one_hour_beyond_the_schedule()
    {
        var schedule = For(RetrySettings.Default);

        var delay = schedule.NextDelay(1, AttemptResult.Response(429, TimeSpan.FromHours(3)), FixedRandom.Mid);

        Assert.Equal(TimeSpan.FromMinutes(65), delay);
    }

    [Fact]
    public void NextDelay_retry_after_does_not_revive_an_exhausted_schedule()
    {
        var schedule = For(new RetrySettings(RetryPreset.AkuiteoTest, MaxAttempts: 2));

        Assert.Null(schedule.NextDelay(1, AttemptResult.Response(503, TimeSpan.FromSeconds(30)), FixedRandom.Mid));
    }
}
