using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Deliveries;

namespace Portal.Data.Configurations;

internal sealed class AttemptConfiguration : IEntityTypeConfiguration<Attempt>
{
    public void Configure(EntityTypeBuilder<Attempt> builder)
    {
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.HasOne<Delivery>().WithMany().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.DeliveryId, a.Number });
        builder.HasIndex(a => a.StartedAt);
        builder.Property(a => a.Trigger).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.TriggeredBy).HasMaxLength(256);
        builder.Property(a => a.RequestUrl).HasMaxLength(2000);
        builder.Property(a => a.ErrorKind).HasConversion<string>().HasMaxLength(30);
        builder.Property(a => a.ErrorMessage).HasMaxLength(1000);
    }
}
