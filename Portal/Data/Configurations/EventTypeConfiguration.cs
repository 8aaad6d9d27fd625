using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Catalogue;

namespace Portal.Data.Configurations;

internal sealed class EventTypeConfiguration : IEntityTypeConfiguration<EventType>
{
    public void Configure(EntityTypeBuilder<EventType> builder)
    {
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Name).HasMaxLength(EventTypeName.MaxLength);
        builder.HasIndex(e => e.Name).IsUnique();
        builder.Property(e => e.Category).HasMaxLength(100);
        builder.Property(e => e.Description).HasMaxLength(1000);
        builder.Property(e => e.SchemaValidation).HasConversion<string>().HasMaxLength(10);
        builder.Property(e => e.DefaultTransformation).HasMaxLength(Domain.Subscriptions.PayloadShape.MaxScriptLength);
    }
}
