using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Audit;

namespace Portal.Features.Audit;

/// <summary>What the log is filtered by. Texts match anywhere, ignoring case; dates are whole UTC days, both included.</summary>
public sealed record AuditFilter(
    string? Action = null,
    string? Actor = null,
    string? Target = null,
    DateOnly? From = null,
    DateOnly? To = null);

/// <summary>One line of the log. <see cref="Tenant"/> is filled on the operators' log only (null = platform).</summary>
public sealed record AuditRow(
    Guid Id,
    DateTimeOffset OccurredAt,
    Guid? TenantId,
    string? Tenant,
    string Actor,
    string Action,
    string TargetType,
    string TargetId,
    string TargetName,
    string? Details);

public sealed record AuditPage(IReadOnlyList<AuditRow> Rows, int Total);

/// <summary>The audit log, one page at a time, newest first, on the (TenantId, OccurredAt) and OccurredAt indexes.</summary>
public sealed class AuditLogQuery(IDbContextFactory<PortalDbContext> dbFactory)
{
    private static readonly string[] TenantFilter = [PortalDbContext.TenantFilter];

    /// <summary>The signed-in tenant's own entries (the tenant filter applies; platform entries never show).</summary>
    public async Task<AuditPage> TenantPageAsync(AuditFilter filter, int page, int pageSize,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await PageAsync(db, db.AuditEntries, filter, page, pageSize, withTenant: false, cancellationToken);
    }

    /// <summary>Every tenant's entries and the platform's: for operators only.</summary>
    public async Task<AuditPage> PlatformPageAsync(AuditFilter filter, int page, int pageSize,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await PageAsync(db, db.AuditEntries.IgnoreQueryFilters(TenantFilter), filter, page, pageSize, withTenant: true,
            cancellationToken);
    }

    private static async Task<AuditPage> PageAsync(PortalDbContext db, IQueryable<AuditEntry> entries, AuditFilter filter,
        int page, int pageSize, bool withTenant, CancellationToken cancellationToken)
    {
        var query = Filtered(entries.AsNoTracking(), filter);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Skip(Math.Max(page, 0) * pageSize)
            .Take(pageSize)
            .Select(e => new AuditRow(e.Id, e.OccurredAt, e.TenantId,
                withTenant ? db.Tenants.Where(t => t.Id == e.TenantId).Select(t => t.Name).FirstOrDefault() : null,
                e.Actor, e.Action, e.TargetType, e.TargetId, e.TargetName, e.Details))
            .ToListAsync(cancellationToken);
        return new AuditPage(rows, total);
    }

    private static IQueryable<AuditEntry> Filtered(IQueryable<AuditEntry> query, AuditFilter filter)
    {
        if (!string.IsNullOrWhiteSpace(filter.Action))
            query = query.Where(e => e.Action == filter.Action);
        // SQL: lower(column) LIKE '%text%' on every provider (PostgreSQL's LIKE alone is case-sensitive).
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL lower(), not run in .NET
        if (filter.Actor?.Trim().ToLowerInvariant() is { Length: > 0 } actor)
            query = query.Where(e => e.Actor.ToLower().Contains(actor));
        if (filter.Target?.Trim().ToLowerInvariant() is { Length: > 0 } target)
            query = query.Where(e => e.TargetName.ToLower().Contains(target) || e.TargetId.ToLower().Contains(target));
#pragma warning restore CA1304, CA1311, CA1862
        if (filter.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(e => e.OccurredAt >= start);
        }
        if (filter.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(e => e.OccurredAt < end);
        }
        return query;
    }
}
