using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Catalogue;

namespace Portal.Data.Configurations;

internal sealed class EventTypeAliasConfiguration : IEntityTypeConfiguration<EventTypeAlias>
{
    public void Configure(EntityTypeBuilder<EventTypeAlias> builder)
    {
        builder.HasKey(a => a.Alias);
        builder.Property(a => a.Alias).HasMaxLength(EventTypeName.MaxLength);
        builder.Property(a => a.EventTypeName).HasMaxLength(EventTypeName.MaxLength);
        builder.HasIndex(a => a.EventTypeName);
        builder.HasOne<EventType>().WithMany().HasForeignKey(a => a.EventTypeName).HasPrincipalKey(t => t.Name)
            .OnDelete(DeleteBehavior.Cascade);
    }
}
