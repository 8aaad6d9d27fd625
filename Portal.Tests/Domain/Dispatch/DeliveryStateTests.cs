using Portal.Domain.Common;
using Portal.Domain.Deliveries;
using Portal.Domain.Dispatch;
using Portal.Domain.Subscriptions;

namespace Portal.Tests.Domain.Dispatch;

public class DeliveryStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly AttemptResult Ok = AttemptResult.Response(200);
    private static readonly AttemptResult ServerError = AttemptResult.Response(500);

    private static Delivery NewDelivery() => new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), T0);

    private static RetrySchedule Schedule(RetrySettings settings) => RetryPolicy.ScheduleFor(settings, TimeSpan.FromSeconds(15));

    [Fact]
    public void New_delivery_is_pending_and_due_at_creation()
    {
        var delivery = NewDelivery();

        Assert.Equal(DeliveryStatus.Pending, delivery.Status);
        Assert.Equal(0, delivery.AttemptCount);
        Assert.Equal(AttemptTrigger.Automatic, delivery.NextAttemptTrigger);
        Assert.True(delivery.IsDue(T0));
        Assert.False(delivery.IsDue(T0.AddTicks(-1)));
    }

    [Fact]
    public void Success_completes_the_delivery()
    {
        var delivery = NewDelivery();
        var at = T0.AddSeconds(1);

        delivery.RecordAttempt(AttemptResult.Response(204), TimeSpan.FromSeconds(5), at);

        Assert.Equal(DeliveryStatus.Succeeded, delivery.Status);
        Assert.Equal(1, delivery.AttemptCount);
        Assert.Equal(204, delivery.LastResponseCode);
        Assert.Equal(at, delivery.LastAttemptAt);
        Assert.Equal(at, delivery.CompletedAt);
        Assert.Null(delivery.NextAttemptAt);
        Assert.True(delivery.IsFinished);
        Assert.False(delivery.IsDue(at.AddDays(1)));
    }

    [Fact]
    public void Retryable_failure_with_a_delay_schedules_the_next_attempt()
    {
        var delivery = NewDelivery();
        var at = T0.AddSeconds(1);

        delivery.RecordAttempt(ServerError, TimeSpan.FromMinutes(5), at);

        Assert.Equal(DeliveryStatus.Retrying, delivery.Status);
        Assert.Equal(1, delivery.AttemptCount);
        Assert.Equal(at.AddMinutes(5), delivery.NextAttemptAt);
        Assert.Null(delivery.CompletedAt);
        Assert.False(delivery.IsDue(at.AddMinutes(5).AddTicks(-1)));
        Assert.True(delivery.IsDue(at.AddMinutes(5)));
    }

    [Fact]
    public void Retryable_failure_without_a_delay_exhausts_the_delivery()
    {
        var delivery = NewDelivery();

        delivery.RecordAttempt(AttemptResult.Error(AttemptErrorKind.Timeout), null, T0);

        Assert.Equal(DeliveryStatus.Exhausted, delivery.Status);
        Assert.Null(delivery.LastResponseCode);
        Assert.Null(delivery.NextAttemptAt);
        Assert.Equal(T0, delivery.CompletedAt);
    }

    [Fact]
    public void Gone_stops_at_once_even_if_a_delay_is_passed()
    {
        var delivery = NewDelivery();

        delivery.RecordAttempt(AttemptResult.Response(410), TimeSpan.FromSeconds(5), T0);

        Assert.Equal(DeliveryStatus.Exhausted, delivery.Status);
        Assert.Equal(410, delivery.LastResponseCode);
        Assert.Null(delivery.NextAttemptAt);
    }

    [Fact]
    public void Ssrf_block_stops_at_once()
    {
        var delivery = NewDelivery();

        delivery.RecordAttempt(AttemptResult.Error(AttemptErrorKind.SsrfBlocked), Schedule(RetrySettings.Default),
            FixedRandom.Mid, T0);

        Assert.Equal(DeliveryStatus.Exhausted, delivery.Status);
        Assert.Equal(1, delivery.AttemptCount);
    }

    [Fact]
    public void Standard_schedule_runs_eight_attempts_then_exhausts()
    {
        var delivery = NewDelivery();
        var schedule = Schedule(RetrySettings.Default);
        var now = T0;
        var expectedWaits = new[] { 5, 300, 1800, 7200, 18000, 36000, 36000 };

        foreach (var wait in expectedWaits)
        {
            delivery.RecordAttempt(ServerError, schedule, FixedRandom.Mid, now);
            Assert.Equal(DeliveryStatus.Retrying, delivery.Status);
            Assert.Equal(now.AddSeconds(wait), delivery.NextAttemptAt);
            now = delivery.NextAttemptAt!.Value;
        }
        delivery.RecordAttempt(ServerError, schedule, FixedRandom.Mid, now);

        Assert.Equal(8, delivery.AttemptCount);
        Assert.Equal(DeliveryStatus.Exhausted, delivery.Status);
        Assert.Equal(T0.AddSeconds(expectedWaits.Sum()), delivery.CompletedAt);
    }

    [Fact]
    public void Schedule_overload_uses_the_attempt_number_before_counting()
    {
        var delivery = NewDelivery();
        var schedule = Schedule(new RetrySettings(RetryPreset.Akuiteo, MaxAttempts: 3));

        delivery.RecordAttempt(ServerError, schedule, FixedRandom.Mid, T0);
        Assert.Equal(T0.AddSeconds(16), delivery.NextAttemptAt);
        delivery.RecordAttempt(ServerError, schedule, FixedRandom.Mid, T0.AddSeconds(16));
        Assert.Equal(T0.AddSeconds(16 + 31), delivery.NextAttemptAt);
        delivery.RecordAttempt(ServerError, schedule, FixedRandom.Mid, T0.AddSeconds(47));

        Assert.Equal(DeliveryStatus.Exhausted, delivery.Status);
        Assert.Equal(3, delivery.AttemptCount);
    }

    [Fact]
    public void Retry_after_on_429_moves_the_next_attempt()
    {
        var delivery = NewDelivery();

        delivery.RecordAttempt(AttemptResult.Response(429, TimeSpan.FromSeconds(90)), Schedule(RetrySettings.Default),
            FixedRandom.Mid, T0);

        Assert.Equal(T0.AddSeconds(90), delivery.NextAttemptAt);
    }

    [Fact]
    public void Retrigger_of_a_succeeded_delivery_makes_a_manual_attempt_due_now()
    {
        var delivery = NewDelivery();
        delivery.RecordAttempt(Ok, null, T0);
        var later = T0.AddDays(2);

        delivery.Retrigger("demo@acme.test", later);

        Assert.Equal(DeliveryStatus.Retrying, delivery.Status);
        Assert.Equal(later, delivery.NextAttemptAt);
        Assert.Null(delivery.CompletedAt);
        Assert.True(delivery.NextAttemptManual);
        Assert.Equal("demo@acme.test", delivery.NextAttemptRequestedBy);
        Assert.Equal(AttemptTrigger.Manual, delivery.NextAttemptTrigger);
        Assert.Equal(1, delivery.AttemptCount); // the next X-JobAttempt
        Assert.True(delivery.IsDue(later));
    }

    [Fact]
    public void Retriggered_attempt_is_recorded_and_clears_the_manual_mark()
    {
        var delivery = NewDelivery();
        delivery.RecordAttempt(Ok, null, T0);
        delivery.Retrigger("demo@acme.test", T0.AddHours(1));

        delivery.RecordAttempt(Ok, null, T0.AddHours(1));

        Assert.Equal(DeliveryStatus.Succeeded, delivery.Status);
        Assert.Equal(2, delivery.AttemptCount);
        Assert.False(delivery.NextAttemptManual);
        Assert.Null(delivery.NextAttemptRequestedBy);
        Assert.Equal(T0.AddHours(1), delivery.CompletedAt);
    }

    [Fact]
    public void Retrigger_of_an_exhausted_delivery_gets_one_attempt_and_no_new_schedule()
    {
        var delivery = NewDelivery();
        var schedule = Schedule(new RetrySettings(RetryPreset.AkuiteoTest, MaxAttempts: 1));
        delivery.RecordAttempt(ServerError, schedule, FixedRandom.Mid, T0);
        Assert.Equal(DeliveryStatus.Exhausted, delivery.Status);

        delivery.Retrigger("ops", T0.AddHours(1));
        Assert.Equal(DeliveryStatus.Retrying, delivery.Status);
        delivery.RecordAttempt(ServerError, schedule, FixedRandom.Mid, T0.AddHours(1));

        Assert.Equal(DeliveryStatus.Exhausted, delivery.Status);
        Assert.Equal(2, delivery.AttemptCount);
    }

    [Fact]
    public void Retrigger_before_any_attempt_stays_pending()
    {
        var delivery = NewDelivery();

        delivery.Retrigger("ops", T0.AddSeconds(1));

        Assert.Equal(DeliveryStatus.Pending, delivery.Status);
        Assert.True(delivery.NextAttemptManual);
    }

    [Fact]
    public void Retrigger_of_a_cancelled_delivery_revives_it()
    {
        var delivery = NewDelivery();
        delivery.RecordAttempt(ServerError, TimeSpan.FromMinutes(1), T0);
        delivery.Cancel(T0.AddSeconds(1));

        delivery.Retrigger("ops", T0.AddSeconds(2));

        Assert.Equal(DeliveryStatus.Retrying, delivery.Status);
        Assert.Equal(T0.AddSeconds(2), delivery.NextAttemptAt);
    }

    [Fact]
    public void Retrigger_needs_a_user() =>
        Assert.Throws<DomainException>(() => NewDelivery().Retrigger(" ", T0));

    [Fact]
    public void Late_failure_does_not_undo_a_success()
    {
        var delivery = NewDelivery();
        delivery.RecordAttempt(Ok, null, T0);

        delivery.RecordAttempt(ServerError, TimeSpan.FromSeconds(5), T0.AddSeconds(1));

        Assert.Equal(DeliveryStatus.Succeeded, delivery.Status);
        Assert.Equal(T0, delivery.CompletedAt);
        Assert.Equal(2, delivery.AttemptCount);
        Assert.Equal(500, delivery.LastResponseCode);
    }

    [Fact]
    public void Attempt_in_flight_when_cancelled_leaves_the_delivery_cancelled()
    {
        var delivery = NewDelivery();
        delivery.Cancel(T0);

        delivery.RecordAttempt(ServerError, TimeSpan.FromSeconds(5), T0.AddSeconds(1));

        Assert.Equal(DeliveryStatus.Cancelled, delivery.Status);
        Assert.Null(delivery.NextAttemptAt);
        Assert.Equal(1, delivery.AttemptCount);
    }
}
