using Portal.Dispatch;
using static Portal.Tests.Domain.Dispatch.WireFixture;

namespace Portal.Tests.Dispatch;

public sealed class DeliverySenderTests
{
    /// <summary>Issue 16: the sender never asks for 100 Continue, whatever the handler's defaults.</summary>
    [Fact]
    public void The_http_request_never_expects_100_continue()
    {
        using var message = DeliverySender.ToHttpRequest(Build(Target()));

        Assert.False(message.Headers.ExpectContinue);
        Assert.Empty(message.Headers.Expect);
    }
}
