using Portal.Domain.Dispatch;

namespace Portal.Tests.Domain.Dispatch;

/// <summary>The one rule set for configured header names and values (form, API and request builder).</summary>
public sealed class WebhookHeadersTests
{
    [Theory]
    [InlineData("Content-Encoding", "framed or encoded")]
    [InlineData("content-length", "framed or encoded")]
    [InlineData("Transfer-Encoding", "framed or encoded")]
    [InlineData("Host", "endpoint URL")]
    [InlineData("Connection", "connection")]
    [InlineData("Keep-Alive", "connection")]
    [InlineData("Proxy-Connection", "connection")]
    [InlineData("Proxy-Authorization", "connection")]
    [InlineData("TE", "connection")]
    [InlineData("Trailer", "connection")]
    [InlineData("UPGRADE", "connection")]
    [InlineData("Expect", "interim answer")]
    [InlineData("Cookie", "not sent with webhooks")]
    [InlineData("webhook-id", "set by Portal")]
    [InlineData("User-Agent", "set by Portal")]
    public void Framing_connection_and_portal_headers_are_refused_with_the_reason(string name, string reason)
    {
        var problem = WebhookHeaders.NameProblem(name);

        Assert.NotNull(problem);
        Assert.StartsWith($"'{name}' cannot be configured: it ", problem, StringComparison.Ordinal);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("X-Env")]
    [InlineData("Authorization")]
    [InlineData("X-Akuiteo-Key")]
    public void Ordinary_names_are_accepted(string name) => Assert.Null(WebhookHeaders.NameProblem(name));

    [Theory]
    [InlineData("X Bad")]
    [InlineData("X:Bad")]
    [InlineData("")]
    [InlineData(null)]
    public void Names_that_are_not_tokens_are_refused(string? name) =>
        Assert.Contains("not a valid header name", WebhookHeaders.NameProblem(name), StringComparison.Ordinal);

    [Theory]
    [InlineData("café")]
    [InlineData("a\u2028b")]
    [InlineData("a\u0085b")]
    [InlineData("a\rb")]
    [InlineData("a\nb")]
    [InlineData("a\0b")]
    [InlineData("a\u007Fb")]
    [InlineData("a\u001Bb")]
    public void Values_with_non_ASCII_or_control_characters_are_refused(string value) =>
        Assert.Equal("A header value can contain only printable ASCII characters: no accented letters, line breaks or other control characters.",
            WebhookHeaders.ValueProblem(value));

    [Theory]
    [InlineData("prod")]
    [InlineData("Bearer abc.def-ghi_~+/=")]
    [InlineData("a b\tc !\"#$%&'()*,;<>?@[\\]^`{|}")]
    [InlineData("")]
    public void Printable_ASCII_values_are_accepted(string value) => Assert.Null(WebhookHeaders.ValueProblem(value));
}
