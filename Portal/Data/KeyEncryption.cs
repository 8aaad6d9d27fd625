using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace Portal.Data;

/// <summary>The <c>DataProtection:KeyEncryption</c> section: the certificate (PFX) whose RSA key encrypts the
/// data-protection keys before they are stored in the database. Those keys encrypt every stored secret (signing
/// secrets, endpoint credentials, the SMTP password), so without this a copy of the database holds both the secrets
/// and what decrypts them. Every host needs the same certificate.</summary>
public sealed class KeyEncryptionOptions
{
    public const string Section = "DataProtection:KeyEncryption";

    /// <summary>A PFX file with the certificate and its private key. Unset: keys are stored unencrypted (a warning
    /// at start-up outside Development).</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>Certificates that encrypted older keys (PFX files, same password rules as above, given as
    /// <c>path</c> or <c>path|password</c>): after a certificate change, keys written under the old one stay readable.</summary>
    public List<string> PreviousCertificates { get; set; } = [];
}

internal static class KeyEncryption
{
    /// <summary>Encrypts new keys with the configured certificate and lets every configured certificate decrypt.
    /// A configured file that cannot be read stops the start with a message naming the setting.</summary>
    public static IDataProtectionBuilder ProtectKeysWithConfiguredCertificate(this IDataProtectionBuilder builder,
        IConfiguration configuration)
    {
        var options = configuration.GetSection(KeyEncryptionOptions.Section).Get<KeyEncryptionOptions>() ?? new KeyEncryptionOptions();
        if (string.IsNullOrWhiteSpace(options.CertificatePath))
            return builder;

        var current = Load(options.CertificatePath, options.CertificatePassword, $"{KeyEncryptionOptions.Section}:CertificatePath");
        var previous = options.PreviousCertificates
            .Where(entry => !string.IsNullOrWhiteSpace(entry))
            .Select((entry, i) =>
            {
                var parts = entry.Split('|', 2);
                return Load(parts[0], parts.Length > 1 ? parts[1] : null, $"{KeyEncryptionOptions.Section}:PreviousCertificates:{i}");
            })
            .ToArray();
        builder.ProtectKeysWithCertificate(current);
        if (previous.Length > 0)
            builder.UnprotectKeysWithAnyCertificate([current, .. previous]);
        return builder;
    }

    private static X509Certificate2 Load(string path, string? password, string setting)
    {
        if (!File.Exists(path))
            throw new InvalidOperationException($"{setting}: the certificate file '{path}' does not exist.");
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException(
                $"{setting}: '{path}' is not a PFX file this password opens ({e.Message}).", e);
        }

        if (!certificate.HasPrivateKey || certificate.GetRSAPrivateKey() is null)
            throw new InvalidOperationException(
                $"{setting}: '{path}' must hold an RSA certificate with its private key (the keys are encrypted to it).");
        return certificate;
    }
}
