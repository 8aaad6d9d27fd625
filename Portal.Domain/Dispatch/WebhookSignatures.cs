using System.Security.Cryptography;
using System.Text;

namespace Portal.Domain.Dispatch;

/// <summary>The signature schemes of DESIGN.md "Wire format", as pure functions of the bytes sent.</summary>
public static class WebhookSignatures
{
    /// <summary>Standard Webhooks: <c>v1,</c> + base64 HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c>, one per
    /// secret, space-separated (rotation: every valid secret signs).</summary>
    public static string StandardWebhooks(string webhookId, long timestamp, string body, IEnumerable<string> secrets)
    {
        var content = Encoding.UTF8.GetBytes($"{webhookId}.{timestamp}.{body}");
        var signatures = secrets.Select(secret => StandardWebhookSecret.TryParse(secret, out var key)
            ? "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content))
            : throw new Common.DomainException("A signing secret is not a valid whsec_ secret."));
        var header = string.Join(' ', signatures);
        return header.Length > 0 ? header : throw new Common.DomainException("Standard Webhooks signing needs a secret.");
    }

    /// <summary>Akuiteo: Base64(HMAC-SHA256(secret as UTF-8, raw body)).</summary>
    public static string HmacSha256(string secret, ReadOnlySpan<byte> body) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Accredit: Base64(RSA PKCS#1 v1.5 signature over SHA-256 of the raw body).</summary>
    public static string RsaSha256(RSA privateKey, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        var signature = new byte[privateKey.KeySize / 8];
        if (!privateKey.TrySignData(body, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, out var written))
            throw new CryptographicException("The RSA signature did not fit its buffer.");
        return Convert.ToBase64String(signature, 0, written);
    }
}
