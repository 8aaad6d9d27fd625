using Portal.Domain.Dispatch;

namespace Portal.Tests.Domain.Dispatch;

public class RetryAfterBoundsTests
{
    [Theory]
    [InlineData(300, 60, 300)]          // shorter than the schedule: the schedule wins
    [InlineData(300, -60, 300)]         // an HTTP date in the past
    [InlineData(300, 900, 900)]         // longer, within an hour more
    [InlineData(300, 3900, 3900)]       // exactly one hour more
    [InlineData(300, 7200, 3900)]       // capped at schedule + 1 h
    [InlineData(82800, 90000, 86400)]   // 23 h scheduled: capped at 24 h
    [InlineData(86400, 90000, 86400)]   // 24 h scheduled: nothing added
    [InlineData(172800, 180000, 172800)] // a 2-day custom wait is not shortened, and not extended
    public void Apply_takes_the_longer_wait_within_bounds(int scheduledSeconds, int retryAfterSeconds, int expectedSeconds)
    {
        var result = RetryAfterBounds.Apply(TimeSpan.FromSeconds(scheduledSeconds), TimeSpan.FromSeconds(retryAfterSeconds));

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), result);
    }
}
