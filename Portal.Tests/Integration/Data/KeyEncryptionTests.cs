using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Data;

/// <summary>DataProtection:KeyEncryption: the data-protection keys are stored encrypted to a certificate, so the
/// database alone does not decrypt the secrets it holds.</summary>
public sealed class KeyEncryptionTests : IDisposable
{
    private const string Password = "pfx-test-password";
    private readonly string _folder = Directory.CreateTempSubdirectory("portal-keys-").FullName;

    [Fact]
    public async Task Keys_are_stored_encrypted_to_the_certificate_and_only_a_host_holding_it_reads_the_secrets()
    {
        var certificate = WriteCertificate("current.pfx");
        await using var host = await PortalAppFactory.CreateAsync(DatabaseProvider.Sqlite, Settings(certificate));
        var protectedValue = Protect(host, "whsec_secret-of-a-tenant");

        await using (var scope = host.CreateScope())
        {
            var keys = await scope.Get<PortalDbContext>().DataProtectionKeys.AsNoTracking().ToListAsync();
            Assert.NotEmpty(keys);
            Assert.All(keys, key =>
            {
                Assert.Contains("encryptedSecret", key.Xml, StringComparison.Ordinal);
                Assert.DoesNotContain("<masterKey", key.Xml, StringComparison.Ordinal);
            });
        }

        // Another host on the same database with the same certificate reads the secret…
        await using (var sibling = new PortalAppFactory(host.Database, settings: Settings(certificate)))
            Assert.Equal("whsec_secret-of-a-tenant", Unprotect(sibling, protectedValue));

        // …one without it cannot: the database alone is not enough.
        await using var without = new PortalAppFactory(host.Database);
        Assert.ThrowsAny<CryptographicException>(() => Unprotect(without, protectedValue));
    }

    [Fact]
    public async Task After_a_certificate_change_keys_of_the_previous_certificate_stay_readable()
    {
        var old = WriteCertificate("old.pfx");
        await using var host = await PortalAppFactory.CreateAsync(DatabaseProvider.Sqlite, Settings(old));
        var protectedValue = Protect(host, "token-from-last-year");

        var current = WriteCertificate("current.pfx");
        var settings = Settings(current);
        settings["DataProtection:KeyEncryption:PreviousCertificates:0"] = $"{old}|{Password}";
        await using var renewed = new PortalAppFactory(host.Database, settings: settings);

        Assert.Equal("token-from-last-year", Unprotect(renewed, protectedValue));
    }

    [Fact]
    public async Task A_missing_certificate_file_stops_the_start_with_the_setting_named()
    {
        var settings = new Dictionary<string, string?>
        {
            ["DataProtection:KeyEncryption:CertificatePath"] = Path.Combine(_folder, "absent.pfx"),
        };
        await using var host = await PortalAppFactory.CreateAsync(DatabaseProvider.Sqlite, settings);

        var error = Assert.ThrowsAny<Exception>(() => host.StartServer());

        var message = error.InnerException?.Message + " " + error.Message;
        Assert.Contains("DataProtection:KeyEncryption:CertificatePath", message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Settings(string certificatePath) => new()
    {
        ["DataProtection:KeyEncryption:CertificatePath"] = certificatePath,
        ["DataProtection:KeyEncryption:CertificatePassword"] = Password,
    };

    private static string Protect(PortalAppFactory host, string value) =>
        Protector(host).Protect(value);

    private static string Unprotect(PortalAppFactory host, string value) =>
        Protector(host).Unprotect(value);

    private static IDataProtector Protector(PortalAppFactory host) =>
        host.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Portal.Tests.KeyEncryption");

    private string WriteCertificate(string name)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN=Portal key encryption {name}", rsa, HashAlgorithmName.SHA256,
            RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
