using Portal.Domain.Deliveries;
using Portal.Domain.Dispatch;

namespace Portal.Tests.Domain.Dispatch;

public class AttemptResultTests
{
    [Theory]
    [InlineData(200, AttemptOutcome.Success)]
    [InlineData(202, AttemptOutcome.Success)]
    [InlineData(204, AttemptOutcome.Success)]
    [InlineData(299, AttemptOutcome.Success)]
    [InlineData(101, AttemptOutcome.Retry)]
    [InlineData(301, AttemptOutcome.Retry)]
    [InlineData(400, AttemptOutcome.Retry)]
    [InlineData(404, AttemptOutcome.Retry)]
    [InlineData(410, AttemptOutcome.Gone)]
    [InlineData(429, AttemptOutcome.Retry)]
    [InlineData(500, AttemptOutcome.Retry)]
    [InlineData(503, AttemptOutcome.Retry)]
    public void Status_codes_are_classified(int status, AttemptOutcome expected)
    {
        Assert.Equal(expected, AttemptResult.Classify(status));
        Assert.Equal(expected, AttemptResult.Response(status).Outcome);
    }

    [Theory]
    [InlineData(AttemptErrorKind.Timeout, AttemptOutcome.Retry)]
    [InlineData(AttemptErrorKind.Dns, AttemptOutcome.Retry)]
    [InlineData(AttemptErrorKind.ConnectionRefused, AttemptOutcome.Retry)]
    [InlineData(AttemptErrorKind.Tls, AttemptOutcome.Retry)]
    [InlineData(AttemptErrorKind.Network, AttemptOutcome.Retry)]
    [InlineData(AttemptErrorKind.SsrfBlocked, AttemptOutcome.Blocked)]
    public void Transport_errors_are_classified(AttemptErrorKind kind, AttemptOutcome expected)
    {
        var result = AttemptResult.Error(kind);

        Assert.Equal(expected, result.Outcome);
        Assert.Null(result.StatusCode);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public void An_error_needs_a_kind() =>
        Assert.Throws<ArgumentException>(() => AttemptResult.Error(AttemptErrorKind.None));

    [Fact]
    public void Retry_after_counts_only_on_429_and_503()
    {
        var wait = TimeSpan.FromSeconds(30);

        Assert.True(AttemptResult.Response(429, wait).HonoursRetryAfter);
        Assert.True(AttemptResult.Response(503, wait).HonoursRetryAfter);
        Assert.False(AttemptResult.Response(500, wait).HonoursRetryAfter);
        Assert.False(AttemptResult.Response(503).HonoursRetryAfter);
    }
}
