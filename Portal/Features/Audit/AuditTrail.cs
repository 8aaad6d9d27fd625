using Portal.Data;
using Portal.Domain.Audit;
using Portal.Identity;

namespace Portal.Features.Audit;

/// <summary>
/// Writes the audit log. Every write path stages one entry next to its change, and the caller's own
/// <c>SaveChangesAsync</c> commits both together: no change without its entry, no entry without its change.
/// <para>Use (scoped service; inject it beside the <see cref="PortalDbContext"/> you save with):</para>
/// <code>
/// // a tenant's own change, on the scope's PortalDbContext:
/// audit.Record(AuditActions.SubscriptionPaused, AuditTargets.Subscription, s.Id.ToString(), s.Name);
/// await db.SaveChangesAsync(ct);
///
/// // an operator's change (tenant id null: only operators see it), on a context of your own:
/// await using var db = await dbFactory.CreateDbContextAsync(ct);
/// audit.On(db).RecordPlatform(AuditActions.SettingsChanged, AuditTargets.Settings, "smtp", "SMTP",
///     "Changed: host, port, password");
/// await StoredSettings.SaveAsync(db, ...);   // or db.SaveChangesAsync(ct)
/// </code>
/// The actor (user id + e-mail, "API key &lt;name&gt;", "OAuth client &lt;id&gt;" or "system") and the tenant come
/// from <see cref="CurrentUser"/>. Call it after validation, just before saving: a staged entry is saved by the
/// context's next SaveChanges. <c>details</c> names what changed (field names); never put a secret in it.
/// </summary>
public sealed class AuditTrail(PortalDbContext db, CurrentUser user, TimeProvider clock)
{
    /// <summary>The same trail, staging its entries on <paramref name="context"/> (a context from
    /// <c>IDbContextFactory</c>) instead of the scope's context.</summary>
    public AuditTrail On(PortalDbContext context) => ReferenceEquals(context, db) ? this : new(context, user, clock);

    /// <summary>Stages an entry of the signed-in tenant's log (what its users see on /audit). Without a signed-in
    /// tenant (system work) the entry is platform-level.</summary>
    public AuditEntry Record(string action, string targetType, string targetId, string targetName, string? details = null) =>
        Stage(user.TenantId, action, targetType, targetId, targetName, details);

    /// <summary>Stages an entry of <paramref name="tenantId"/>'s log: for changes a platform credential or an operator
    /// makes to one tenant's things (its users see them as their own).</summary>
    public AuditEntry RecordForTenant(Guid tenantId, string action, string targetType, string targetId, string targetName,
        string? details = null) =>
        Stage(tenantId, action, targetType, targetId, targetName, details);

    /// <summary>Stages a platform-level entry (no tenant): operators' work, shown on /admin/audit only.</summary>
    public AuditEntry RecordPlatform(string action, string targetType, string targetId, string targetName, string? details = null) =>
        Stage(null, action, targetType, targetId, targetName, details);

    /// <summary>Who the current caller is, as the log shows it.</summary>
    public AuditActor Actor => AuditActors.From(user.Principal);

    private AuditEntry Stage(Guid? tenantId, string action, string targetType, string targetId, string targetName, string? details)
    {
        var entry = new AuditEntry(tenantId, Actor, action, targetType, targetId, targetName, details, clock.GetUtcNow());
        db.AuditEntries.Add(entry);
        return entry;
    }
}
