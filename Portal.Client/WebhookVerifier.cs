using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Portal.Client;

/// <summary>Checks that a webhook request came from Portal, for receivers: the signature of the subscription's scheme
/// over the raw body (compared in constant time) and the <c>webhook-timestamp</c> within <see cref="Tolerance"/> of
/// now, which refuses replays of old requests. Schemes: standard-webhooks (every <c>v1,</c> signature of the
/// header is tried, so secret rotation needs no coordination), hmac-sha256 and rsa-sha256 (these two sign the body
/// only: the timestamp header is checked but not covered by their signature).</summary>
public sealed class WebhookVerifier
{
    private const string SecretPrefix = "whsec_";
    private readonly Func<IReadOnlyDictionary<string, string>, byte[], string?> _check;

    private readonly TimeProvider _time;

    private WebhookVerifier(Func<IReadOnlyDictionary<string, string>, byte[], string?> check, TimeSpan? tolerance = null,
        TimeProvider? time = null)
    {
        _check = check;
        Tolerance = tolerance ?? TimeSpan.FromMinutes(5);
        _time = time ?? TimeProvider.System;
    }

    /// <summary>How far <c>webhook-timestamp</c> may be from now, either way. Default 5 minutes.</summary>
    public TimeSpan Tolerance { get; }

    /// <summary>The same verifier with another tolerance (and clock, for tests).</summary>
    public WebhookVerifier WithTolerance(TimeSpan tolerance, TimeProvider? time = null) =>
        new(_check, tolerance, time ?? _time);

    /// <summary>Standard Webhooks: <c>webhook-signature</c> holds <c>v1,</c>base64(HMAC-SHA256(key,
    /// "{webhook-id}.{webhook-timestamp}.{body}")); the key is the base64 part of a <c>whsec_</c> secret. Pass every
    /// secret that is valid (the old one and the new one during a rotation).</summary>
    public static WebhookVerifier StandardWebhooks(params string[] secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (secrets.Length == 0)
            throw new ArgumentException("Give at least one whsec_ secret.", nameof(secrets));
        var keys = secrets.Select(Key).ToList();
        return new WebhookVerifier((headers, body) =>
        {
            if (!headers.TryGetValue("webhook-id", out var id) || !headers.TryGetValue("webhook-timestamp", out var timestamp))
                return "The webhook-id or webhook-timestamp header is missing.";
            if (!headers.TryGetValue("webhook-signature", out var header))
                return "The webhook-signature header is missing.";
            var signed = Concat(Encoding.UTF8.GetBytes($"{id}.{timestamp}."), body);
            var expected = keys.Select(key => HMACSHA256.HashData(key, signed)).ToList();
            foreach (var part in header.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!part.StartsWith("v1,", StringComparison.Ordinal) || !TryBase64(part[3..], out var signature))
                    continue;
                if (expected.Any(e => CryptographicOperations.FixedTimeEquals(e, signature)))
                    return null;
            }
            return "No signature matches.";
        });
    }

    /// <summary>hmac-sha256: <paramref name="header"/> holds base64(HMAC-SHA256(secret as UTF-8, body)).</summary>
    public static WebhookVerifier HmacSha256(string secret, string header = "X-Signature")
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var key = Encoding.UTF8.GetBytes(secret);
        return new WebhookVerifier((headers, body) =>
            !headers.TryGetValue(header, out var value) ? $"The {header} header is missing."
            : TryBase64(value, out var signature) && CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, body), signature) ? null
            : "The signature does not match.");
    }

    /// <summary>rsa-sha256: <paramref name="header"/> holds base64(RSA PKCS#1 v1.5 SHA-256 signature of the body)
    /// made with the platform's private key; <paramref name="publicKeyPem"/> is its public key (GET
    /// /api/v1/signing-keys/rsa.pem).</summary>
    public static WebhookVerifier RsaSha256(string publicKeyPem, string header = "X-Signature")
    {
        ArgumentException.ThrowIfNullOrEmpty(publicKeyPem);
        var parameters = ReadPublicKey(publicKeyPem);
        return new WebhookVerifier((headers, body) =>
        {
            if (!headers.TryGetValue(header, out var value))
                return $"The {header} header is missing.";
            if (!TryBase64(value, out var signature))
                return "The signature is not base64.";
            using var rsa = RSA.Create(parameters);
            return rsa.VerifyData(body, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1) ? null : "The signature does not match.";
        });
    }

    /// <summary>True when the request is authentic and recent; otherwise <paramref name="failure"/> says why.</summary>
    public bool TryVerify(IEnumerable<KeyValuePair<string, string>> headers, ReadOnlySpan<byte> body, out string? failure)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
            byName[name] = value;
        failure = Recent(byName) ?? _check(byName, body.ToArray());
        return failure is null;
    }

    /// <summary>The same, for a body already read as text (UTF-8, exactly as received).</summary>
    public bool TryVerify(IEnumerable<KeyValuePair<string, string>> headers, string body, out string? failure) =>
        TryVerify(headers, Encoding.UTF8.GetBytes(body ?? ""), out failure);

    private string? Recent(Dictionary<string, string> headers)
    {
        if (!headers.TryGetValue("webhook-timestamp", out var value))
            return "The webhook-timestamp header is missing.";
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return "The webhook-timestamp header is not a Unix time.";
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        return Math.Abs(now - seconds) > Tolerance.TotalSeconds ? "The webhook-timestamp is outside the tolerance." : null;
    }

    private static byte[] Key(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var encoded = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        return TryBase64(encoded, out var key) && key.Length > 0
            ? key
            : throw new ArgumentException("A Standard Webhooks secret is whsec_ followed by base64.", nameof(secret));
    }

    private static RSAParameters ReadPublicKey(string pem)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return rsa.ExportParameters(includePrivateParameters: false);
    }

    private static bool TryBase64(string value, out byte[] bytes)
    {
        bytes = new byte[value.Length];
        if (Convert.TryFromBase64String(value, bytes, out var written))
        {
            bytes = bytes[..written];
            return true;
        }
        bytes = [];
        return false;
    }

    private static byte[] Concat(byte[] prefix, byte[] body)
    {
        var all = new byte[prefix.Length + body.Length];
        prefix.CopyTo(all, 0);
        body.CopyTo(all, prefix.Length);
        return all;
    }
}
