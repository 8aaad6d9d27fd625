using Microsoft.AspNetCore.Mvc.Testing;
using Portal.Data;
using Portal.Identity;

namespace Portal.Tests.Infrastructure;

/// <summary>A tenant with its owner, registered through the real sign-up service.</summary>
public sealed record TestTenant(Guid Id, string Name, PortalUser Owner)
{
    public const string Password = "Test-password-2026!";
}

public static class TestTenants
{
    /// <summary>Registers a tenant whose name starts with <paramref name="prefix"/> and is unique in the database.</summary>
    public static async Task<TestTenant> RegisterAsync(this WebApplicationFactory<Program> factory, string prefix = "Tenant")
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var name = $"{prefix} {suffix}";
        await using var scope = factory.CreateScope();
        var (user, result) = await scope.Get<TenantRegistration>()
            .RegisterAsync(name, $"owner-{suffix}@{prefix.ToLowerInvariant().Replace(' ', '-')}.test", TestTenant.Password);
        if (!result.Succeeded || user is null)
            throw new InvalidOperationException("Test tenant registration failed: " +
                                                string.Join("; ", result.Errors.Select(e => e.Description)));
        return new TestTenant(user.TenantId, name, user);
    }
}
