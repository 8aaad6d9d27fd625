using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Portal.Client;
using Portal.Domain.Dispatch;

namespace Portal.Tests.Client;

/// <summary>The receivers' verifier against Portal's own signing code (Portal.Domain) and the Standard Webhooks
/// specification's test vector.</summary>
public sealed class WebhookVerifierTests
{
    private const string SpecSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string SpecId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long SpecTimestamp = 1614265330;
    private const string SpecBody = """{"test": 2432232314}""";
    private const string SpecSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    [Fact]
    public void Standard_webhooks_accepts_the_specification_vector()
    {
        Assert.True(Standard(SpecSecret).TryVerify(SpecHeaders(SpecSignature), SpecBody, out var failure), failure);
    }

    [Theory]
    [InlineData(SpecBody + " ", SpecSignature)]
    [InlineData(SpecBody, "v1,h0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData(SpecBody, "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    public void Standard_webhooks_refuses_a_tampered_body_or_signature(string body, string signature)
    {
        Assert.False(Standard(SpecSecret).TryVerify(SpecHeaders(signature), body, out var failure));
        Assert.Equal("No signature matches.", failure);
    }

    [Fact]
    public void Standard_webhooks_refuses_a_request_outside_the_tolerance()
    {
        var verifier = WebhookVerifier.StandardWebhooks(SpecSecret);

        Assert.False(verifier.WithTolerance(Tolerance, At(SpecTimestamp + 301)).TryVerify(SpecHeaders(SpecSignature), SpecBody, out var failure));
        Assert.Contains("tolerance", failure, StringComparison.Ordinal);
        Assert.False(verifier.WithTolerance(Tolerance, At(SpecTimestamp - 301)).TryVerify(SpecHeaders(SpecSignature), SpecBody, out _));
        Assert.True(verifier.WithTolerance(TimeSpan.FromMinutes(10), At(SpecTimestamp + 301)).TryVerify(SpecHeaders(SpecSignature), SpecBody, out _));
    }

    [Fact]
    public void Standard_webhooks_accepts_the_new_secret_of_a_rotation()
    {
        var next = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var signed = WebhookSignatures.StandardWebhooks(SpecId, SpecTimestamp, SpecBody, [SpecSecret, next]);

        Assert.True(Standard(next).TryVerify(SpecHeaders(signed), SpecBody, out var failure), failure);
        Assert.False(Standard("whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))
            .TryVerify(SpecHeaders(signed), SpecBody, out _));
    }

    [Fact]
    public void Hmac_sha256_accepts_portals_signature_and_refuses_a_tampered_body()
    {
        const string body = """{"invoiceId":"INV-1"}""";
        var headers = SpecHeaders(signature: null, ("X-Signature", WebhookSignatures.HmacSha256("s3cret", Encoding.UTF8.GetBytes(body))));

        Assert.True(WebhookVerifier.HmacSha256("s3cret").WithTolerance(Tolerance, At(SpecTimestamp)).TryVerify(headers, body, out var failure), failure);
        Assert.False(WebhookVerifier.HmacSha256("s3cret").WithTolerance(Tolerance, At(SpecTimestamp)).TryVerify(headers, body.Replace('1', '2'), out _));
        Assert.False(WebhookVerifier.HmacSha256("other").WithTolerance(Tolerance, At(SpecTimestamp)).TryVerify(headers, body, out _));
    }

    [Fact]
    public void Rsa_sha256_accepts_portals_signature_and_refuses_a_tampered_body()
    {
        const string body = """{"invoiceId":"INV-1"}""";
        using var key = RSA.Create(2048);
        using var other = RSA.Create(2048);
        var headers = SpecHeaders(signature: null, ("X-Signature", WebhookSignatures.RsaSha256(key, Encoding.UTF8.GetBytes(body))));
        var verifier = WebhookVerifier.RsaSha256(key.ExportSubjectPublicKeyInfoPem()).WithTolerance(Tolerance, At(SpecTimestamp));

        Assert.True(verifier.TryVerify(headers, body, out var failure), failure);
        Assert.False(verifier.TryVerify(headers, body + " ", out _));
        Assert.False(WebhookVerifier.RsaSha256(other.ExportSubjectPublicKeyInfoPem()).WithTolerance(Tolerance, At(SpecTimestamp))
            .TryVerify(headers, body, out _));
    }

    private static WebhookVerifier Standard(string secret) =>
        WebhookVerifier.StandardWebhooks(secret).WithTolerance(Tolerance, At(SpecTimestamp + 30));

    private static Dictionary<string, string> SpecHeaders(string? signature, params (string Name, string Value)[] extra)
    {
        var headers = new Dictionary<string, string>
        {
            ["Webhook-Id"] = SpecId,
            ["Webhook-Timestamp"] = SpecTimestamp.ToString(CultureInfo.InvariantCulture),
        };
        if (signature is not null)
            headers["webhook-signature"] = signature;
        foreach (var (name, value) in extra)
            headers[name] = value;
        return headers;
    }

    private static FixedTime At(long unixSeconds) => new(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
