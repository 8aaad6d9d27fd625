using System.Security.Cryptography;

namespace Portal.Domain.Dispatch;

/// <summary>Standard Webhooks secrets: <c>whsec_</c> + base64 of the key bytes.</summary>
public static class StandardWebhookSecret
{
    public const string Prefix = "whsec_";
    public const int GeneratedKeyBytes = 32;
    public const int MinKeyBytes = 24;
    public const int MaxKeyBytes = 64;

    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(GeneratedKeyBytes));

    /// <summary>The HMAC key: the base64-decoded part after <c>whsec_</c>, 24–64 bytes. The prefix is required so
    /// a secret of another scheme is never taken for one of these.</summary>
    public static bool TryParse(string? secret, out byte[] key)
    {
        key = [];
        if (secret is null || !secret.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        var encoded = secret.AsSpan(Prefix.Length);
        var buffer = new byte[encoded.Length];
        if (!Convert.TryFromBase64Chars(encoded, buffer, out var length) || length is < MinKeyBytes or > MaxKeyBytes)
            return false;
        key = buffer[..length];
        return true;
    }

    public static bool IsValid(string? secret) => TryParse(secret, out _);
}
