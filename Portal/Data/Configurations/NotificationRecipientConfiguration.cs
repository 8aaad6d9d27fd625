using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Notifications;

namespace Portal.Data.Configurations;

internal sealed class NotificationRecipientConfiguration : IEntityTypeConfiguration<NotificationRecipient>
{
    public void Configure(EntityTypeBuilder<NotificationRecipient> builder)
    {
        builder.ToTable("NotificationRecipients");
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Email).HasMaxLength(256);
        builder.Property(e => e.TokenHash).HasMaxLength(64);
        builder.HasIndex(e => new { e.TenantId, e.Email }).IsUnique();
        builder.HasIndex(e => e.TokenHash);
    }
}
