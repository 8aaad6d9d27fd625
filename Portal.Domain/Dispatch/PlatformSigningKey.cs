using System.Security.Cryptography;

namespace Portal.Domain.Dispatch;

/// <summary>The platform's RSA key pair for <c>rsa-sha256</c> (Accredit). The host persists the private PEM
/// (encrypted) and publishes <see cref="PublicKeyPem"/>. A fresh RSA object per signature keeps this safe to share
/// across the dispatcher's concurrent sends.</summary>
public sealed class PlatformSigningKey
{
    public const int KeySizeBits = 2048;

    private readonly string _privateKeyPem;

    public PlatformSigningKey(string privateKeyPem)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(privateKeyPem);
        _privateKeyPem = privateKeyPem;
        PublicKeyPem = rsa.ExportSubjectPublicKeyInfoPem();
    }

    /// <summary>SubjectPublicKeyInfo PEM (<c>-----BEGIN PUBLIC KEY-----</c>), what receivers verify with.</summary>
    public string PublicKeyPem { get; }

    /// <summary>A new PKCS#8 private key PEM.</summary>
    public static string GeneratePrivateKeyPem()
    {
        using var rsa = RSA.Create(KeySizeBits);
        return rsa.ExportPkcs8PrivateKeyPem();
    }

    public string Sign(ReadOnlySpan<byte> data)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(_privateKeyPem);
        return WebhookSignatures.RsaSha256(rsa, data);
    }

    public override string ToString() => "PlatformSigningKey (private key hidden)";
}
