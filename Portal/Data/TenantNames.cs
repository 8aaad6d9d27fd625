using Microsoft.EntityFrameworkCore;
using Portal.Domain.Tenants;

namespace Portal.Data;

public static class TenantNames
{
    /// <summary>True when a tenant already has <paramref name="name"/> in any letter case ("acme" beside "Acme").
    /// upper() of the column works on SQLite, PostgreSQL and SQL Server alike; SQLite folds ASCII letters only.</summary>
    public static Task<bool> IsTakenAsync(this IQueryable<Tenant> tenants, string name, CancellationToken cancellationToken)
    {
        var upper = name.Trim().ToUpperInvariant();
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL upper(), not run in .NET
        return tenants.AnyAsync(t => t.Name.ToUpper() == upper, cancellationToken);
#pragma warning restore CA1304, CA1311, CA1862
    }
}
