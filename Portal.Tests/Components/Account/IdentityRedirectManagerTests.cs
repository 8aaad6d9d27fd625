using Portal.Components.Account;

namespace Portal.Tests.Components.Account;

public sealed class IdentityRedirectManagerTests
{
    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("/Subscriptions")]
    [InlineData("Account/LoginWith2fa?returnUrl=https%3A%2F%2Fevil.example&rememberMe=False")]
    [InlineData("/Deliveries?from=10:00")]
    public void Paths_on_this_site_are_local(string uri) => Assert.True(IdentityRedirectManager.IsLocal(uri));

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("HTTP://evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData(" //evil.example")]
    [InlineData("/\t/evil.example")]
    public void Foreign_or_ambiguous_urls_are_not_local(string uri) => Assert.False(IdentityRedirectManager.IsLocal(uri));
}
