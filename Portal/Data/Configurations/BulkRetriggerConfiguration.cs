using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Catalogue;
using Portal.Domain.Deliveries;

namespace Portal.Data.Configurations;

internal sealed class BulkRetriggerConfiguration : IEntityTypeConfiguration<BulkRetrigger>
{
    public void Configure(EntityTypeBuilder<BulkRetrigger> builder)
    {
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Property(b => b.RequestedBy).HasMaxLength(256);
        builder.Property(b => b.EventType).HasMaxLength(EventTypeName.MaxLength);
        builder.Property(b => b.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(b => b.Error).HasMaxLength(1000);
        builder.HasIndex(b => new { b.TenantId, b.CreatedAt });
    }
}
