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
        Assert.Equal("first\nsecond", email.Body);
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
}
