using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Portal.Data.Configurations;
using Portal.Domain.Access;
using Portal.Domain.Audit;
using Portal.Domain.Catalogue;
using Portal.Domain.Common;
using Portal.Domain.Deliveries;
using Portal.Domain.Events;
using Portal.Domain.Notifications;
using Portal.Domain.Platform;
using Portal.Domain.Subscriptions;
using Portal.Domain.Tenants;
using Portal.Identity;

namespace Portal.Data;

/// <summary>The one context of Portal, Identity included. Each database provider has a subclass
/// (<see cref="SqlitePortalDbContext"/>…) only so that each gets its own migrations set. Contexts are pooled (see
/// <see cref="DataExtensions"/>): the tenant is not a constructor argument but given to each lease by
/// <see cref="WithTenant"/>, and forgotten when the context goes back to the pool.</summary>
public abstract class PortalDbContext(DbContextOptions options)
    : IdentityDbContext<PortalUser>(options), IDataProtectionKeyContext
{
    private ICurrentTenant _currentTenant = NoTenant.Instance;

    /// <summary>Name of the global query filter that hides other tenants' rows.</summary>
    public const string TenantFilter = "Tenant";

    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<EventType> EventTypes => Set<EventType>();
    public DbSet<EventTypeAlias> EventTypeAliases => Set<EventTypeAlias>();
    public DbSet<Subscription> Subscriptions => Set<Subscription>();
    public DbSet<Event> Events => Set<Event>();
    public DbSet<Delivery> Deliveries => Set<Delivery>();
    public DbSet<Attempt> Attempts => Set<Attempt>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<ApiClient> ApiClients => Set<ApiClient>();
    public DbSet<PortalSession> PortalSessions => Set<PortalSession>();
    public DbSet<OutboxEmail> OutboxEmails => Set<OutboxEmail>();
    public DbSet<NotificationRecipient> NotificationRecipients => Set<NotificationRecipient>();
    public DbSet<BulkRetrigger> BulkRetriggers => Set<BulkRetrigger>();
    public DbSet<PlatformSetting> PlatformSettings => Set<PlatformSetting>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<DataProtectionKey> DataProtectionKeys { get; set; } = null!;

    /// <summary>Read by the tenant filter at query time (EF parameterizes context members).</summary>
    public Guid? CurrentTenantId => _currentTenant.TenantId;

    /// <summary>Whose rows this context shows and may write: the request's or circuit's user (read at query time,
    /// so a circuit's later sign-in applies), or <see cref="NoTenant"/> (sees no tenant-owned row unless a query
    /// ignores the filter).</summary>
    public PortalDbContext WithTenant(ICurrentTenant tenant)
    {
        _currentTenant = tenant;
        return this;
    }

    /// <summary>A pooled context is reused by another scope: it must not keep this one's user.</summary>
    public override void Dispose()
    {
        _currentTenant = NoTenant.Instance;
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    public override ValueTask DisposeAsync()
    {
        _currentTenant = NoTenant.Instance;
        GC.SuppressFinalize(this);
        return base.DisposeAsync();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
        DeliveryConfiguration.AddQueueIndexes(builder.Entity<Delivery>(),
            Database.ProviderName?.EndsWith(".SqlServer", StringComparison.Ordinal) == true);

        builder.Entity<Subscription>().HasQueryFilter(TenantFilter, e => e.TenantId == CurrentTenantId);
        builder.Entity<Event>().HasQueryFilter(TenantFilter, e => e.TenantId == CurrentTenantId);
        builder.Entity<Delivery>().HasQueryFilter(TenantFilter, e => e.TenantId == CurrentTenantId);
        builder.Entity<Attempt>().HasQueryFilter(TenantFilter, e => e.TenantId == CurrentTenantId);
        builder.Entity<BulkRetrigger>().HasQueryFilter(TenantFilter, e => e.TenantId == CurrentTenantId);
        // Platform entries (no tenant) never pass: not even for a caller without a tenant. Operators opt out.
        builder.Entity<AuditEntry>().HasQueryFilter(TenantFilter, e => e.TenantId != null && e.TenantId == CurrentTenantId);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        EnsureWritesStayInTenant();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        EnsureWritesStayInTenant();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>The read filter's twin for writes: a signed-in tenant can never write another tenant's rows.</summary>
    private void EnsureWritesStayInTenant()
    {
        if (CurrentTenantId is not { } tenantId)
            return;
        var foreign = ChangeTracker.Entries()
            .FirstOrDefault(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                                 && OwningTenant(e) is { } owner && owner != tenantId);
        if (foreign is not null)
            throw new InvalidOperationException(
                $"Refused to write a {foreign.Entity.GetType().Name} of another tenant.");
    }

    /// <summary>The tenant of a tenant-owned row, or of the tenant-owned row an owned entity belongs to (a
    /// subscription's event types change without their subscription being marked modified).</summary>
    private Guid? OwningTenant(EntityEntry entry)
    {
        if (entry.Entity is ITenantOwned owned)
            return owned.TenantId;
        if (entry.Metadata.FindOwnership() is not { } ownership)
            return null;
        var key = ownership.Properties.Select(p => entry.Property(p.Name).CurrentValue).ToArray();
        var owner = ChangeTracker.Entries().FirstOrDefault(e =>
            e.Metadata == ownership.PrincipalEntityType
            && ownership.PrincipalKey.Properties.Select(p => e.Property(p.Name).CurrentValue).SequenceEqual(key));
        return owner is null ? null : OwningTenant(owner);
    }
}
