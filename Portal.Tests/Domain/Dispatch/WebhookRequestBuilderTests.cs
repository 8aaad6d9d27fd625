using System.Security.Cryptography;
using System.Text;
using Portal.Domain.Common;
using Portal.Domain.Dispatch;
using Portal.Domain.Subscriptions;
using Portal.Features.Subscriptions.Secrets;
using static Portal.Tests.Domain.Dispatch.WireFixture;

namespace Portal.Tests.Domain.Dispatch;

public class WebhookRequestBuilderTests
{
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

        Assert.Equal(WireFixture.Data, request.Body);
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
}
