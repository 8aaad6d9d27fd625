using Microsoft.AspNetCore.DataProtection;

namespace Portal.Secrets;

/// <summary>Encrypts endpoint secrets at rest with ASP.NET Data Protection (keys in the database, shared by hosts).</summary>
public sealed class SecretProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Portal.EndpointSecrets.v1");

    public string Protect(string plaintext) => _protector.Protect(plaintext);

    public string Unprotect(string protectedValue) => _protector.Unprotect(protectedValue);

    public string? UnprotectOrNull(string? protectedValue) =>
        string.IsNullOrEmpty(protectedValue) ? null : _protector.Unprotect(protectedValue);
}
