using Microsoft.EntityFrameworkCore;
using Portal.Common;
using Portal.Domain.Tenants;

namespace Portal.Data;

/// <summary>The organisation name rule shared by sign-up, the admin pages and the platform API: trimmed, 1–100
/// characters, unique in any letter case ("acme" beside "Acme" is taken; the database's index has the last word on
/// an exact duplicate).</summary>
public static class TenantNames
{
    public const int MaxLength = 100;

    public static Error? Check(string name) => name.Length is 0 or > MaxLength
        ? Error.Validation("name", $"Give the organisation a name of at most {MaxLength} characters.")
        : null;

    public static string Taken(string name) => $"An organisation named '{name}' already exists.";

    /// <summary>True when a tenant already has <paramref name="name"/> in any letter case. upper() of the column works
    /// on SQLite, PostgreSQL and SQL Server alike; SQLite folds ASCII letters only.</summary>
    public static Task<bool> IsTakenAsync(this IQueryable<Tenant> tenants, string name, CancellationToken cancellationToken)
    {
        var upper = name.Trim().ToUpperInvariant();
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL upper(), not run in .NET
        return tenants.AnyAsync(t => t.Name.ToUpper() == upper, cancellationToken);
#pragma warning restore CA1304, CA1311, CA1862
    }
}
