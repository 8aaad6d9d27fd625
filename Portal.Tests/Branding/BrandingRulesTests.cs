using Portal.Branding;

namespace Portal.Tests.Branding;

public sealed class BrandingRulesTests
{
    [Theory]
    [InlineData("https://app.example.com", "https://app.example.com")]
    [InlineData("https://App.Example.com/", "https://app.example.com")]
    [InlineData("  https://app.example.com:8443 ", "https://app.example.com:8443")]
    [InlineData("https://app.example.com:443", "https://app.example.com")]
    [InlineData("http://127.0.0.1:5555", "http://127.0.0.1:5555")]
    public void Origins_are_normalised_as_browsers_write_them(string text, string origin) =>
        Assert.Equal(origin, BrandingRules.NormalizeOrigin(text));

    [Theory]
    [InlineData("app.example.com")]
    [InlineData("https://app.example.com/embed")]
    [InlineData("https://app.example.com?x=1")]
    [InlineData("https://*.example.com")]
    [InlineData("https://user@app.example.com")]
    [InlineData("ftp://app.example.com")]
    [InlineData("https://app.example.com; script-src *")]
    [InlineData("'self'")]
    [InlineData("")]
    public void Anything_but_an_http_origin_is_refused(string text) => Assert.Null(BrandingRules.NormalizeOrigin(text));

    [Theory]
    [InlineData("https://cdn.example.com/logo.svg", true)]
    [InlineData("http://cdn.example.com/logo.png", true)]
    [InlineData("/brand/logo.svg", true)]
    [InlineData("//evil.example/logo.svg", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("data:image/svg+xml;base64,AAAA", false)]
    [InlineData("logo.svg", false)]
    [InlineData("https://cdn.example.com/my logo.svg", false)]
    public void Logo_is_an_http_url_or_a_path_on_the_portal(string url, bool valid) =>
        Assert.Equal(valid, BrandingRules.IsLogoUrl(url));

    [Theory]
    [InlineData("#0f766e", true)]
    [InlineData("#0F766E", true)]
    [InlineData("0f766e", false)]
    [InlineData("#fff", false)]
    [InlineData("teal", false)]
    public void Colour_is_rrggbb(string color, bool valid) => Assert.Equal(valid, BrandingRules.IsColor(color));
}
