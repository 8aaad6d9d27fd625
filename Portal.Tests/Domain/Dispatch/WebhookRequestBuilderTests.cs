using System.Security.Cryptography;
using System.Text;
using Portal.Domain.Common;
using Portal.Domain.Dispatch;
using Portal.Domain.Subscriptions;

namespace Portal.Tests.Domain.Dispatch;

public class WebhookRequestBuilderTests
{
    private const string WebhookId = "msg_0195f3a27c4e7d1a9b2f3c4d5e6f7a8b";
    private const string Data = """{ "invoiceId": "F-1",  "amount": 12.5 }""";
    private static readonly DateTimeOffset SentAt = new(2026, 3, 1, 10, 35, 0, TimeSpan.Zero);

    private static readonly WebhookEvent Event = new(
        Guid.Parse("0195f3a2-7c4e-7d1a-9b2f-3c4d5e6f7a8b"), "invoice.status",
        new DateTimeOffset(2026, 3, 1, 12, 34, 56, 789, TimeSpan.FromHours(2)),
        Guid.Parse("11111111-2222-3333-4444-555555555555"), Data);

    private static readonly WebhookRequestBuilder Builder = new("1.2.3");

    private static WebhookTarget Target(string url = "https://example.com/hook") => new() { Url = url };

    private static WebhookRequest Build(WebhookTarget target, int attempt = 0) =>
        Builder.Build(Event, WebhookId, attempt, target, SentAt);

    private static string? Header(WebhookRequest request, string name) =>
        request.Headers.SingleOrDefault(h => h.Key == name).Value;

    private static string? RedactedHeader(WebhookRequest request, string name) =>
        request.RedactedHeaders.SingleOrDefault(h => h.Key == name).Value;

    [Fact]
    public void Envelope_body_has_the_standard_shape_with_data_verbatim()
    {
        var request = Build(Target());

        Assert.Equal(
            """{"id":"0195f3a2-7c4e-7d1a-9b2f-3c4d5e6f7a8b","type":"invoice.status","timestamp":"2026-03-01T10:34:56.789Z","tenantId":"11111111-2222-3333-4444-555555555555","data":{ "invoiceId": "F-1",  "amount": 12.5 }}""",
            request.Body);
        Assert.Equal(Encoding.UTF8.GetBytes(request.Body), request.BodyBytes.ToArray());
    }

    [Fact]
    public void Envelope_refuses_data_that_is_not_JSON() =>
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => WebhookRequestBuilder.Envelope(Event with { Data = "{oops" }));

    [Fact]
    public void DataOnly_body_is_the_data_alone()
    {
        var request = Build(new WebhookTarget { Url = "https://example.com/hook", PayloadFormat = PayloadFormat.DataOnly });

        Assert.Equal(Data, request.Body);
    }

    [Fact]
    public void Unsigned_request_has_exactly_the_protocol_headers_in_order()
    {
        var request = Build(new WebhookTarget { Url = "https://example.com/hook", Method = "PUT" }, attempt: 3);

        Assert.Equal("PUT", request.Method);
        Assert.Equal("https://example.com/hook", request.Url);
        Assert.Equal(
        [
            new("Content-Type", "application/json"),
            new("User-Agent", "Portal-Webhooks/1.2.3"),
            new("webhook-id", WebhookId),
            new("webhook-timestamp", "1772361300"),
            new("X-JobId", WebhookId),
            new("X-JobAttempt", "3"),
        ], request.Headers);
        Assert.Equal(request.Headers, request.RedactedHeaders);
        Assert.Equal(request.Url, request.RedactedUrl);
        Assert.Empty(request.Secrets);
    }

    [Fact]
    public void StandardWebhooks_signature_header_matches_the_specification_vector()
    {
        var spec = new WebhookEvent(Guid.NewGuid(), "test.event", SentAt, Guid.NewGuid(), """{"test": 2432232314}""");
        var target = new WebhookTarget
        {
            Url = "https://example.com/hook",
            PayloadFormat = PayloadFormat.DataOnly,
            SigningScheme = SigningScheme.StandardWebhooks,
            SigningSecrets = ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
        };

        var request = Builder.Build(spec, "msg_p5jXN8AQM9LWM0D4loKWxJek", 0, target, DateTimeOffset.FromUnixTimeSeconds(1614265330));

        Assert.Equal("1614265330", Header(request, "webhook-timestamp"));
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", Header(request, "webhook-signature"));
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", RedactedHeader(request, "webhook-signature"));
        Assert.Equal(["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"], request.Secrets);
    }

    [Fact]
    public void StandardWebhooks_signature_follows_the_timestamp_header_and_covers_the_sent_body()
    {
        var secret = StandardWebhookSecret.Generate();
        var request = Build(new WebhookTarget
        {
            Url = "https://example.com/hook", SigningScheme = SigningScheme.StandardWebhooks, SigningSecrets = [secret],
        });

        Assert.Equal("webhook-signature", request.Headers[6].Key);
        using var hmac = new HMACSHA256(Convert.FromBase64String(secret[6..]));
        var signed = hmac.ComputeHash(Encoding.UTF8.GetBytes($"{WebhookId}.1772361300.{request.Body}"));
        Assert.Equal("v1," + Convert.ToBase64String(signed), Header(request, "webhook-signature"));
    }

    [Fact]
    public void HmacSha256_signs_the_raw_body_into_X_Signature_by_default()
    {
        var request = Build(new WebhookTarget
        {
            Url = "https://example.com/hook", SigningScheme = SigningScheme.HmacSha256, SigningSecrets = ["akuiteo-secret"],
        });

        using var hmac = new HMACSHA256("akuiteo-secret"u8.ToArray());
        var expected = Convert.ToBase64String(hmac.ComputeHash(request.BodyBytes.ToArray()));
        Assert.Equal(expected, Header(request, "X-Signature"));
        Assert.Null(Header(request, "webhook-signature"));
        Assert.Equal(expected, RedactedHeader(request, "X-Signature"));
    }

    [Fact]
    public void HmacSha256_uses_the_configured_header_name()
    {
        var request = Build(new WebhookTarget
        {
            Url = "https://example.com/hook", SigningScheme = SigningScheme.HmacSha256,
            SignatureHeaderName = "X-Akuiteo-Signature", SigningSecrets = ["k"],
        });

        Assert.NotNull(Header(request, "X-Akuiteo-Signature"));
        Assert.Null(Header(request, "X-Signature"));
    }

    [Fact]
    public void HmacSha256_without_secret_throws() =>
        Assert.Throws<DomainException>(() => Build(new WebhookTarget
        {
            Url = "https://example.com/hook", SigningScheme = SigningScheme.HmacSha256,
        }));

    [Fact]
    public void RsaSha256_signature_verifies_with_the_platform_public_key()
    {
        var key = new PlatformSigningKey(PlatformSigningKey.GeneratePrivateKeyPem());
        var builder = new WebhookRequestBuilder("1.0.0", key);

        var request = builder.Build(Event, WebhookId, 5, new WebhookTarget
        {
            Url = "https://example.com/hook", SigningScheme = SigningScheme.RsaSha256,
        }, SentAt);

        using var rsa = RSA.Create();
        rsa.ImportFromPem(key.PublicKeyPem);
        var signature = Convert.FromBase64String(Header(request, "X-Signature")!);
        Assert.True(rsa.VerifyData(request.BodyBytes.Span, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Equal("5", Header(request, "X-JobAttempt"));
        Assert.Equal(WebhookId, Header(request, "X-JobId"));
    }

    [Fact]
    public void RsaSha256_without_the_platform_key_is_a_configuration_bug() =>
        Assert.Throws<InvalidOperationException>(() => Build(new WebhookTarget
        {
            Url = "https://example.com/hook", SigningScheme = SigningScheme.RsaSha256,
        }));

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

        Assert.Equal($"The header '{name}' is set by Portal and cannot be configured.", ex.Message);
    }

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
