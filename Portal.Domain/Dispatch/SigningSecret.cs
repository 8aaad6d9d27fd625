using System.Security.Cryptography;
using Portal.Domain.Subscriptions;

namespace Portal.Domain.Dispatch;

/// <summary>The secrets a subscription signs with: which schemes have one, and a new one for a scheme.</summary>
public static class SigningSecret
{
    /// <summary>Standard Webhooks and hmac-sha256 sign with a secret the receiver shares; rsa-sha256 signs with the
    /// platform's key, and unsigned subscriptions have none.</summary>
    public static bool IsShared(SigningScheme scheme) => scheme is SigningScheme.StandardWebhooks or SigningScheme.HmacSha256;

    /// <summary>A new secret: <c>whsec_</c> + base64 key for Standard Webhooks, 32 random bytes (base64) for
    /// hmac-sha256; null for a scheme without a shared secret.</summary>
    public static string? Generate(SigningScheme scheme) => scheme switch
    {
        SigningScheme.StandardWebhooks => StandardWebhookSecret.Generate(),
        SigningScheme.HmacSha256 => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        _ => null,
    };
}
