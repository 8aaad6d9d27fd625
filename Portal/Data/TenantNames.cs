using Microsoft.EntityFrameworkCore;
using Portal.Common;
using Portal.Domain.Tenants;

namespace Portal.Data;

/// <summary>The organisation name rule shared by sign-up, the admin pages and the platform API: trimmed, 1–100
/// characters, unique in any letter case ("acme" beside "Acme" is taken; the database's index on the normalised name
/// has the last word when two creations race).</summary>
public static class TenantNames
{
    public const int MaxLength = 100;

    public static Error? Check(string name) => name.Length is 0 or > MaxLength
        ? Error.Validation("name", $"Give the organisation a name of at most {MaxLength} characters.")
        : null;

    public static string Taken(string name) => $"An organisation named '{name}' already exists.";

    /// <summary>True when a tenant already has <paramref name="name"/> in any letter case (a seek on the unique
    /// <see cref="Tenant.NormalizedName"/> index, which also settles two creations racing).</summary>
    public static Task<bool> IsTakenAsync(this IQueryable<Tenant> tenants, string name, CancellationToken cancellationToken)
    {
        var normalized = Tenant.Normalize(name);
        return tenants.AnyAsync(t => t.NormalizedName == normalized, cancellationToken);
    }
}
