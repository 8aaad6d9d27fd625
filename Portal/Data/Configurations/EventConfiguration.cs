using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Catalogue;
using Portal.Domain.Events;
using Portal.Domain.Tenants;

namespace Portal.Data.Configurations;

internal sealed class EventConfiguration : IEntityTypeConfiguration<Event>
{
    public void Configure(EntityTypeBuilder<Event> builder)
    {
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.HasOne<Tenant>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(e => e.Type).HasMaxLength(EventTypeName.MaxLength);
        builder.Property(e => e.IdempotencyKey).HasMaxLength(Event.MaxIdempotencyKeyLength);
        builder.Property(e => e.TraceParent).HasMaxLength(Event.MaxTraceParentLength);
        builder.HasIndex(e => new { e.TenantId, e.IdempotencyKey }).IsUnique();
        builder.HasIndex(e => new { e.TenantId, e.OccurredAt });
    }
}
