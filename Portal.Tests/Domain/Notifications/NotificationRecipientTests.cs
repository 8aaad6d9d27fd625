using Portal.Domain.Notifications;

namespace Portal.Tests.Domain.Notifications;

public sealed class NotificationRecipientTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Only_the_hash_of_the_token_is_kept_and_the_address_is_normalised()
    {
        var recipient = new NotificationRecipient(Guid.NewGuid(), "  Ops@Example.TEST ", Now);

        var token = recipient.IssueToken(Now);

        Assert.Equal("ops@example.test", recipient.Email);
        Assert.NotEqual(token, recipient.TokenHash);
        Assert.Equal(NotificationRecipient.HashToken(token), recipient.TokenHash);
    }

    [Fact]
    public void A_new_link_goes_out_at_most_once_a_day()
    {
        var recipient = new NotificationRecipient(Guid.NewGuid(), "ops@example.test", Now);
        Assert.True(recipient.NeedsConfirmationMail(Now));
        recipient.IssueToken(Now);

        Assert.False(recipient.NeedsConfirmationMail(Now.AddHours(23)));
        Assert.True(recipient.NeedsConfirmationMail(Now.AddHours(24)));
    }

    [Fact]
    public void The_link_works_once_and_not_after_a_week()
    {
        var fresh = new NotificationRecipient(Guid.NewGuid(), "a@example.test", Now);
        fresh.IssueToken(Now);
        var stale = new NotificationRecipient(Guid.NewGuid(), "b@example.test", Now);
        stale.IssueToken(Now);

        Assert.True(fresh.Confirm(Now.AddDays(6)));
        Assert.False(fresh.Confirm(Now.AddDays(6)));
        Assert.Equal("", fresh.TokenHash);
        Assert.False(stale.Confirm(Now.AddDays(8)));
        Assert.False(stale.IsConfirmed);
        Assert.False(fresh.NeedsConfirmationMail(Now.AddDays(30)));
    }
}
