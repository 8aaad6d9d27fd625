using Portal.Features.Handoff;

namespace Portal.Tests.Features.Handoff;

public sealed class ReturnPathTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/subscriptions")]
    [InlineData("/deliveries?status=failed&page=2")]
    public void Paths_on_the_portal_are_local(string path) => Assert.True(ReturnPath.IsLocal(path));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("subscriptions")]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("/sub scriptions")]
    [InlineData("/x\r\nLocation: https://evil.example")]
    public void Other_sites_and_odd_paths_are_refused(string? path) => Assert.False(ReturnPath.IsLocal(path));
}
