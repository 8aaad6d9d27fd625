using Portal.Domain.Common;
using Portal.Domain.Dispatch;
using Portal.Domain.Subscriptions;
using Portal.Features.Subscriptions.Secrets;
using static Portal.Tests.Domain.Dispatch.WireFixture;

namespace Portal.Tests.Domain.Dispatch;

/// <summary>A-Cube auth placement, custom headers, and what the stored copy of a request may show.</summary>
public class WebhookAuthAndHeadersTests
{
    [Theory]
    [InlineData("Bearer")]
    [InlineData("bearer")]
    [InlineData("BEARER")]
    public void Header_auth_with_key_Bearer_sends_Authorization_Bearer_and_stores_the_scheme_only(string key)
    {
        var request = Build(new WebhookTarget
        {
            Url = "https://example.com/hook", AuthType = AuthType.Header, AuthKey = key, AuthToken = "mysecret",
        });

        Assert.Equal("Bearer mysecret", Header(request, "Authorization"));
        Assert.Equal("Bearer ***", RedactedHeader(request, "Authorization"));
        Assert.Equal(["mysecret"], request.Secrets);
    }

    [Fact]
    public void Header_auth_with_another_key_sends_that_header()
    {
        var request = Build(new WebhookTarget
        {
            Url = "https://example.com/hook", AuthType = AuthType.Header, AuthKey = "X-Auth", AuthToken = "asdfghjk",
        });

        Assert.Equal("asdfghjk", Header(request, "X-Auth"));
        Assert.Null(Header(request, "Authorization"));
        Assert.Equal("***", RedactedHeader(request, "X-Auth"));
        Assert.Equal("https://example.com/hook", request.Url);
    }

    [Fact]
    public void Header_auth_Authorization_key_with_a_scheme_in_the_token_keeps_that_scheme_when_redacted()
    {
        var request = Build(new WebhookTarget
        {
            Url = "https://example.com/hook", AuthType = AuthType.Header, AuthKey = "Authorization", AuthToken = "Basic dXNlcjpwdw==",
        });

        Assert.Equal("Basic dXNlcjpwdw==", Header(request, "Authorization"));
        Assert.Equal("Basic ***", RedactedHeader(request, "Authorization"));
    }

    [Theory]
    [InlineData("https://example.com/hook", "token", "mysecret",
        "https://example.com/hook?token=mysecret", "https://example.com/hook?token=***")]
    [InlineData("https://example.com/hook?tenant=acme", "token", "mysecret",
        "https://example.com/hook?tenant=acme&token=mysecret", "https://example.com/hook?tenant=acme&token=***")]
    [InlineData("https://example.com/hook?", "token", "x",
        "https://example.com/hook?token=x", "https://example.com/hook?token=***")]
    [InlineData("https://example.com/hook?a=1&", "token", "x",
        "https://example.com/hook?a=1&token=x", "https://example.com/hook?a=1&token=***")]
    [InlineData("https://example.com/hook#frag", "token", "x",
        "https://example.com/hook?token=x#frag", "https://example.com/hook?token=***#frag")]
    [InlineData("https://example.com/hook", "api key", "a b&c=d/é+",
        "https://example.com/hook?api%20key=a%20b%26c%3Dd%2F%C3%A9%2B", "https://example.com/hook?api%20key=***")]
    public void Query_auth_appends_the_encoded_token_to_the_query(string url, string key, string token, string expected,
        string redacted)
    {
        var request = Build(new WebhookTarget { Url = url, AuthType = AuthType.Query, AuthKey = key, AuthToken = token });

        Assert.Equal(expected, request.Url);
        Assert.Equal(redacted, request.RedactedUrl);
        Assert.DoesNotContain(request.Headers, h => h.Value.Contains(token, StringComparison.Ordinal));
        Assert.Equal(request.Headers, request.RedactedHeaders);
    }

    [Theory]
    [InlineData(AuthType.Header, null, "t")]
    [InlineData(AuthType.Header, " ", "t")]
    [InlineData(AuthType.Query, "token", "")]
    public void Auth_without_key_or_token_throws(AuthType type, string? key, string token) =>
        Assert.Throws<DomainException>(() => Build(new WebhookTarget
        {
            Url = "https://example.com/hook", AuthType = type, AuthKey = key, AuthToken = token,
        }));

    [Fact]
    public void Custom_headers_follow_signature_and_auth_in_their_order_and_are_masked_in_the_stored_copy()
    {
        var request = Build(new WebhookTarget
        {
            Url = "https://example.com/hook",
            SigningScheme = SigningScheme.HmacSha256,
            SigningSecrets = ["sig-secret"],
            AuthType = AuthType.Header, AuthKey = "Bearer", AuthToken = "tok",
            Headers = [new("X-Akuiteo-Key", "static-value"), new("X-Env", "prod")],
        });

        Assert.Equal(["Content-Type", "User-Agent", "webhook-id", "webhook-timestamp", "X-JobId", "X-JobAttempt",
            "X-Signature", "Authorization", "X-Akuiteo-Key", "X-Env"], request.Headers.Select(h => h.Key));
        Assert.Equal("static-value", Header(request, "X-Akuiteo-Key"));
        Assert.Equal("***", RedactedHeader(request, "X-Akuiteo-Key"));
        Assert.Equal("***", RedactedHeader(request, "X-Env"));
        Assert.Equal(["tok", "static-value", "prod", "sig-secret"], request.Secrets);
    }

    [Theory]
    [InlineData("webhook-id")]
    [InlineData("X-JOBATTEMPT")]
    [InlineData("content-type")]
    [InlineData("Host")]
    [InlineData("Webhook-Signature")]
    public void Custom_header_may_not_use_a_reserved_name(string name)
    {
        var ex = Assert.Throws<DomainException>(() => Build(new WebhookTarget
        {
            Url = "https://example.com/hook", Headers = [new(name, "v")],
        }));

        Assert.StartsWith($"'{name}' cannot be configured: it ", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Issue 16: a stored header the rules now refuse is a configuration error, never sent.</summary>
    [Theory]
    [InlineData("Expect", "100-continue")]
    [InlineData("Content-Encoding", "gzip")]
    [InlineData("Connection", "close")]
    [InlineData("X-Name", "José")]
    [InlineData("X-Name", "a\u2028b")]
    public void Refused_custom_headers_are_never_built(string name, string value) =>
        Assert.Throws<DomainException>(() => Build(new WebhookTarget
        {
            Url = "https://example.com/hook", Headers = [new(name, value)],
        }));

    [Fact]
    public void Custom_header_may_not_repeat_the_auth_or_signature_header()
    {
        Assert.Throws<DomainException>(() => Build(new WebhookTarget
        {
            Url = "https://example.com/hook", AuthType = AuthType.Header, AuthKey = "Bearer", AuthToken = "t",
            Headers = [new("authorization", "Basic x")],
        }));
        Assert.Throws<DomainException>(() => Build(new WebhookTarget
        {
            Url = "https://example.com/hook", SigningScheme = SigningScheme.HmacSha256, SigningSecrets = ["s"],
            Headers = [new("X-Signature", "forged")],
        }));
    }

    [Fact]
    public void Signature_header_name_may_not_be_reserved() =>
        Assert.Throws<DomainException>(() => Build(new WebhookTarget
        {
            Url = "https://example.com/hook", SigningScheme = SigningScheme.HmacSha256,
            SignatureHeaderName = "webhook-id", SigningSecrets = ["s"],
        }));

    [Theory]
    [InlineData("X-Bad Name", "v")]
    [InlineData("X-Bad:Name", "v")]
    [InlineData("X-Ok", "v\r\nX-Injected: 1")]
    [InlineData("X-Ok", "v\n")]
    public void Custom_header_with_invalid_name_or_line_break_throws(string name, string value) =>
        Assert.Throws<DomainException>(() => Build(new WebhookTarget
        {
            Url = "https://example.com/hook", Headers = [new(name, value)],
        }));

    [Fact]
    public void Redacted_headers_JSON_is_ordered_and_secret_free()
    {
        var request = Build(new WebhookTarget
        {
            Url = "https://example.com/hook", AuthType = AuthType.Header, AuthKey = "Bearer", AuthToken = "tok+/=",
        });

        Assert.Equal(
            """{"Content-Type":"application/json","User-Agent":"Portal-Webhooks/1.2.3","webhook-id":"msg_0195f3a27c4e7d1a9b2f3c4d5e6f7a8b","webhook-timestamp":"1772361300","X-JobId":"msg_0195f3a27c4e7d1a9b2f3c4d5e6f7a8b","X-JobAttempt":"0","Authorization":"Bearer ***"}""",
            request.RedactedHeadersJson());
    }

    [Fact]
    public void Request_and_target_ToString_hide_secrets()
    {
        var target = new WebhookTarget
        {
            Url = "https://example.com/hook", AuthType = AuthType.Query, AuthKey = "token", AuthToken = "topsecret",
            Headers = [new("X-Key", "hidden-value")],
        };

        var request = Build(target);

        Assert.Equal("POST https://example.com/hook?token=***", request.ToString());
        Assert.DoesNotContain("topsecret", target.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hidden-value", target.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Request_redacts_its_secrets_from_an_error_message()
    {
        var request = Build(new WebhookTarget
        {
            Url = "https://example.com/hook", AuthType = AuthType.Query, AuthKey = "token", AuthToken = "a b/c",
        });

        var message = request.Redact($"Connection refused ({request.Url}) with token a b/c");

        Assert.Equal("Connection refused (https://example.com/hook?token=***) with token ***", message);
    }
}
