using System.Security.Cryptography;
using System.Text;
using Portal.Domain.Common;
using Portal.Domain.Dispatch;

namespace Portal.Tests.Domain.Dispatch;

public class SignatureTests
{
    private const string SpecSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string SpecId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long SpecTimestamp = 1614265330;
    private const string SpecBody = """{"test": 2432232314}""";

    [Fact]
    public void StandardWebhooks_matches_the_specification_test_vector() =>
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            WebhookSignatures.StandardWebhooks(SpecId, SpecTimestamp, SpecBody, [SpecSecret]));

    [Fact]
    public void StandardWebhooks_during_rotation_every_secret_signs_space_separated()
    {
        var second = StandardWebhookSecret.Generate();

        var header = WebhookSignatures.StandardWebhooks(SpecId, SpecTimestamp, SpecBody, [SpecSecret, second]);

        var parts = header.Split(' ');
        Assert.Equal(2, parts.Length);
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", parts[0]);
        using var hmac = new HMACSHA256(Convert.FromBase64String(second["whsec_".Length..]));
        var expected = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes($"{SpecId}.{SpecTimestamp}.{SpecBody}")));
        Assert.Equal("v1," + expected, parts[1]);
    }

    [Fact]
    public void StandardWebhooks_without_a_valid_secret_throws()
    {
        Assert.Throws<DomainException>(() => WebhookSignatures.StandardWebhooks(SpecId, SpecTimestamp, SpecBody, []));
        Assert.Throws<DomainException>(() =>
            WebhookSignatures.StandardWebhooks(SpecId, SpecTimestamp, SpecBody, ["MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]));
    }

    [Fact]
    public void Secret_generate_is_whsec_and_32_random_bytes()
    {
        var first = StandardWebhookSecret.Generate();
        var second = StandardWebhookSecret.Generate();

        Assert.StartsWith("whsec_", first, StringComparison.Ordinal);
        Assert.True(StandardWebhookSecret.TryParse(first, out var key));
        Assert.Equal(32, key.Length);
        Assert.Equal(Convert.FromBase64String(first[6..]), key);
        Assert.NotEqual(first, second);
    }

    [Theory]
    [InlineData(SpecSecret, true)]                       // 24 bytes
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", false)] // no prefix
    [InlineData("whsec_not base64!", false)]
    [InlineData("whsec_", false)]
    [InlineData(null, false)]
    public void Secret_parsing(string? secret, bool valid) => Assert.Equal(valid, StandardWebhookSecret.IsValid(secret));

    [Theory]
    [InlineData(23, false)]
    [InlineData(24, true)]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public void Secret_key_length_must_be_24_to_64_bytes(int bytes, bool valid) =>
        Assert.Equal(valid, StandardWebhookSecret.IsValid("whsec_" + Convert.ToBase64String(new byte[bytes])));

    [Fact]
    public void HmacSha256_matches_RFC_4231_test_case_2() =>
        Assert.Equal("W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=",
            WebhookSignatures.HmacSha256("Jefe", "what do ya want for nothing?"u8));

    [Fact]
    public void HmacSha256_uses_the_secret_and_body_as_UTF8()
    {
        const string secret = "s3crét";
        var body = Encoding.UTF8.GetBytes("""{"name":"Zoë"}""");

        var signature = WebhookSignatures.HmacSha256(secret, body);

        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        Assert.Equal(Convert.ToBase64String(hmac.ComputeHash(body)), signature);
        Assert.Equal("BSMKdn4/+cgn3isWFaaAxnMrCcHcFOanlXMKicnwkMU=", signature); // computed with Python's hmac
    }

    [Fact]
    public void RsaSha256_verifies_with_the_published_public_key()
    {
        var key = new PlatformSigningKey(PlatformSigningKey.GeneratePrivateKeyPem());
        var body = Encoding.UTF8.GetBytes("""{"Event":"Entity.Event","Timestamp":"2024-05-10T11:09:21.248Z"}""");

        var signature = Convert.FromBase64String(key.Sign(body));

        using var verifier = RSA.Create();
        verifier.ImportFromPem(key.PublicKeyPem);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", key.PublicKeyPem, StringComparison.Ordinal);
        Assert.Equal(256, signature.Length);
        Assert.True(verifier.VerifyData(body, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        body[^2] ^= 1;
        Assert.False(verifier.VerifyData(body, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void RsaSha256_with_an_RSA_instance_is_deterministic_PKCS1()
    {
        using var rsa = RSA.Create(2048);
        var body = "hello"u8.ToArray();

        var first = WebhookSignatures.RsaSha256(rsa, body);

        Assert.Equal(first, WebhookSignatures.RsaSha256(rsa, body)); // PKCS#1 v1.5 has no random padding (PSS would)
        Assert.True(rsa.VerifyData(body, Convert.FromBase64String(first), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void PlatformSigningKey_never_prints_the_private_key()
    {
        var pem = PlatformSigningKey.GeneratePrivateKeyPem();

        Assert.DoesNotContain("PRIVATE", new PlatformSigningKey(pem).ToString(), StringComparison.Ordinal);
    }
}
