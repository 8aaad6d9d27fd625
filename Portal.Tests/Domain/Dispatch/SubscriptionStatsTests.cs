using Portal.Domain.Dispatch;
using Portal.Domain.Subscriptions;

namespace Portal.Tests.Domain.Dispatch;

public class SubscriptionStatsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private static Subscription NewSubscription() =>
        new(Guid.NewGuid(), "HR", "https://example.com/hook", ["employee.created"], T0);

    private static void Fail(Subscription subscription, int times, DateTimeOffset from, TimeSpan every)
    {
        for (var i = 0; i < times; i++)
            subscription.RecordAttemptResult(500, false, from + every * i);
    }

    [Fact]
    public void Success_counts_a_successful_and_a_total_call()
    {
        var subscription = NewSubscription();

        subscription.RecordAttemptResult(200, true, T0);

        Assert.Equal(new SubscriptionStats(200, 1, 1, 0, T0, null), subscription.Stats);
    }

    [Fact]
    public void Failures_build_a_streak_from_the_first_failure_and_a_transport_error_has_no_code()
    {
        var subscription = NewSubscription();
        subscription.RecordAttemptResult(200, true, T0);

        subscription.RecordAttemptResult(500, false, T0.AddMinutes(1));
        subscription.RecordAttemptResult(null, false, T0.AddMinutes(2));

        Assert.Equal(new SubscriptionStats(null, 1, 3, 2, T0.AddMinutes(2), T0.AddMinutes(1)), subscription.Stats);
    }

    [Fact]
    public void Success_ends_the_streak()
    {
        var subscription = NewSubscription();
        Fail(subscription, 3, T0, TimeSpan.FromMinutes(1));

        subscription.RecordAttemptResult(201, true, T0.AddHours(1));

        Assert.Equal(new SubscriptionStats(201, 1, 4, 0, T0.AddHours(1), null), subscription.Stats);
    }

    [Fact]
    public void Auto_disable_after_the_configured_number_of_consecutive_failures()
    {
        var subscription = NewSubscription();
        Fail(subscription, 49, T0, TimeSpan.FromSeconds(1));
        Assert.False(subscription.ShouldAutoDisable(AutoDisablePolicy.Default));

        Fail(subscription, 1, T0.AddMinutes(1), TimeSpan.Zero);

        Assert.True(subscription.ShouldAutoDisable(AutoDisablePolicy.Default));
        Assert.True(subscription.ShouldAutoDisable(new AutoDisablePolicy(50, null)));
        Assert.False(subscription.ShouldAutoDisable(new AutoDisablePolicy(51, null)));
    }

    [Fact]
    public void Auto_disable_when_one_failure_streak_spans_the_configured_duration()
    {
        var subscription = NewSubscription();
        Fail(subscription, 4, T0, TimeSpan.FromHours(23)); // last failure at 69 h
        var fiveDays = new AutoDisablePolicy(null, TimeSpan.FromDays(5));
        Assert.False(subscription.ShouldAutoDisable(fiveDays));

        subscription.RecordAttemptResult(503, false, T0.AddDays(5).AddTicks(-1));
        Assert.False(subscription.ShouldAutoDisable(fiveDays));
        subscription.RecordAttemptResult(503, false, T0.AddDays(5));

        Assert.True(subscription.ShouldAutoDisable(fiveDays));
    }

    [Fact]
    public void A_success_in_between_restarts_the_duration()
    {
        var subscription = NewSubscription();
        subscription.RecordAttemptResult(500, false, T0);
        subscription.RecordAttemptResult(200, true, T0.AddDays(3));
        subscription.RecordAttemptResult(500, false, T0.AddDays(4));
        subscription.RecordAttemptResult(500, false, T0.AddDays(6));

        Assert.False(subscription.ShouldAutoDisable(new AutoDisablePolicy(null, TimeSpan.FromDays(5))));
    }

    [Fact]
    public void Auto_disable_never_applies_to_paused_healthy_or_never_policies()
    {
        var subscription = NewSubscription();
        Assert.False(subscription.ShouldAutoDisable(new AutoDisablePolicy(1, null)));

        Fail(subscription, 100, T0, TimeSpan.FromDays(1));
        Assert.False(subscription.ShouldAutoDisable(AutoDisablePolicy.Never));
        subscription.Pause(T0);

        Assert.False(subscription.ShouldAutoDisable(AutoDisablePolicy.Default));
    }

    [Fact]
    public void AutoDisableIfFailing_disables_with_a_reason()
    {
        var subscription = NewSubscription();
        Fail(subscription, 3, T0, TimeSpan.FromMinutes(1));
        var now = T0.AddMinutes(5);

        Assert.False(subscription.AutoDisableIfFailing(new AutoDisablePolicy(4, null), now));
        Assert.True(subscription.AutoDisableIfFailing(new AutoDisablePolicy(3, null), now));

        Assert.Equal(SubscriptionState.Disabled, subscription.State);
        Assert.Equal("Disabled automatically: 3 failed attempts in a row since 2026-03-01 10:00 UTC.", subscription.DisabledReason);
        Assert.Equal(now, subscription.StateChangedAt);
        Assert.False(subscription.AutoDisableIfFailing(new AutoDisablePolicy(3, null), now)); // already disabled
    }

    [Fact]
    public void Gone_disables_with_its_reason()
    {
        var subscription = NewSubscription();

        subscription.DisableAsGone(T0);

        Assert.Equal(SubscriptionState.Disabled, subscription.State);
        Assert.Equal("The endpoint answered 410 Gone.", subscription.DisabledReason);
    }

    [Fact]
    public void Resuming_a_disabled_subscription_clears_the_streak_but_keeps_the_counters()
    {
        var subscription = NewSubscription();
        Fail(subscription, 3, T0, TimeSpan.FromMinutes(1));
        subscription.DisableAsGone(T0.AddMinutes(3));

        subscription.Resume(T0.AddHours(1));

        Assert.Equal(new SubscriptionStats(500, 0, 3, 0, T0.AddMinutes(2), null), subscription.Stats);
        Assert.False(subscription.ShouldAutoDisable(new AutoDisablePolicy(1, null)));
    }

    [Fact]
    public void AutoDisablePolicy_validation()
    {
        Assert.Empty(AutoDisablePolicy.Default.Validate());
        Assert.Empty(AutoDisablePolicy.Never.Validate());
        Assert.Equal(
        [
            new SettingError("MaxConsecutiveFailures", "Consecutive failures must be at least 1."),
            new SettingError("MaxFailingDuration", "The failing duration must be positive."),
        ], new AutoDisablePolicy(0, TimeSpan.Zero).Validate());
    }
}
