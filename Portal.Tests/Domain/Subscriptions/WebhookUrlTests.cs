using Portal.Domain.Subscriptions;

namespace Portal.Tests.Domain.Subscriptions;

public sealed class WebhookUrlTests
{
    [Theory]
    [InlineData("https://receiver.example.com/hooks")]
    [InlineData("http://localhost:5099/hooks?x=1")]
    [InlineData("https://receiver.example.com/a%20b")]
    [InlineData("  https://receiver.example.com/trimmed  ")]
    [InlineData("https://receiver.example.com:65535/")]
    public void Usable_urls_have_no_problem(string url) => Assert.Null(WebhookUrl.Problem(url));

    /// <summary>Issue 16: spaces were silently percent-encoded into another URL.</summary>
    [Theory]
    [InlineData("https://receiver.example.com/my hooks")]
    [InlineData("https://receiver.example.com/hooks?a=1 2")]
    [InlineData("https://receiver .example.com/")]
    [InlineData("https://receiver.example.com/\thooks")]
    [InlineData("https://receiver.example.com/\u00A0hooks")]
    public void Blanks_inside_the_url_are_refused_with_a_clear_message(string url)
    {
        Assert.Equal("The URL contains a space or another blank character: remove it, or write a space as %20.",
            WebhookUrl.Problem(url));
        Assert.False(WebhookUrl.IsValid(url));
    }

    /// <summary>Issue 16: port 0 was accepted.</summary>
    [Theory]
    [InlineData("http://receiver.example.com:0/")]
    [InlineData("https://127.0.0.1:0/hook")]
    [InlineData("http://[::1]:00/")]
    public void Port_zero_is_refused(string url) =>
        Assert.Equal("Port 0 is not a port an endpoint can listen on.", WebhookUrl.Problem(url));

    [Theory]
    [InlineData("ftp://example.com/x")]
    [InlineData("/relative")]
    [InlineData("https://user:pw@example.com/")]
    [InlineData("https://example.com:99999/")]
    public void Other_schemes_relative_urls_and_user_info_are_refused(string url) =>
        Assert.Equal("Enter an absolute http:// or https:// URL (no user name or password in it).", WebhookUrl.Problem(url));
}
