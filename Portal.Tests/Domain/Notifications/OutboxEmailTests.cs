using Portal.Domain.Common;
using Portal.Domain.Notifications;

namespace Portal.Tests.Domain.Notifications;

public sealed class OutboxEmailTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private static OutboxEmail Email() =>
        new(Guid.NewGuid(), Guid.NewGuid(), "ops@example.test", "Webhook failing: ERP", "first", Now, Now);

    [Fact]
    public void Append_folds_failures_into_one_message()
    {
        var email = Email();
        email.Append("second");

        Assert.Equal(2, email.Items);
        Assert.Equal("first\nsecond", email.Failures);
        Assert.Equal("second", email.LastFailure);
    }

    [Fact]
    public void A_claimed_or_sent_message_takes_no_more_lines()
    {
        var email = Email();
        email.Claim(Now);

        Assert.False(email.IsOpen);
        Assert.Throws<DomainException>(() => email.Append("late"));
        email.MarkSent(Now);
        Assert.Throws<DomainException>(() => email.Append("later"));
    }

    [Fact]
    public void A_failed_send_releases_the_claim_and_backs_off()
    {
        var email = Email();
        email.Claim(Now);
        email.MarkFailed("connection refused", Now);
        email.Claim(Now);
        email.MarkFailed("connection refused", Now);

        Assert.True(email.IsOpen);
        Assert.Equal(2, email.SendAttempts);
        Assert.Equal(Now.AddMinutes(2), email.NotBefore);
    }

    [Fact]
    public void After_the_last_try_the_message_gives_up()
    {
        var email = Email();
        for (var i = 0; i < OutboxEmail.MaxAttempts; i++)
            email.MarkFailed("no", Now);

        Assert.True(email.GaveUp);
        Assert.False(email.IsOpen);
    }

    [Fact]
    public void Compose_keeps_the_subject_on_one_line_and_within_its_limit()
    {
        var email = Email();

        email.Compose("Failing:\n" + new string('x', 300), "body");

        Assert.StartsWith("Failing: xxx", email.Subject, StringComparison.Ordinal);
        Assert.Equal(OutboxEmail.MaxSubjectChars, email.Subject.Length);
        Assert.Equal("body", email.Body);
    }

    [Fact]
    public void Requeue_sends_a_sent_or_given_up_message_again_now()
    {
        var sent = Email();
        sent.Claim(Now);
        sent.MarkSent(Now);
        var failed = Email();
        for (var i = 0; i < OutboxEmail.MaxAttempts; i++)
            failed.MarkFailed("no", Now);

        sent.Requeue(Now.AddHours(1));
        failed.Requeue(Now.AddHours(1));

        Assert.All([sent, failed], e =>
        {
            Assert.Equal(OutboxStatus.Queued, e.Status);
            Assert.Equal(Now.AddHours(1), e.NotBefore);
            Assert.Equal(0, e.SendAttempts);
            Assert.Equal(1, e.Resends);
        });
        Assert.Equal(OutboxEmail.MaxAttempts, failed.Attempts);
        Assert.Throws<DomainException>(() => sent.Requeue(Now));
    }
}
