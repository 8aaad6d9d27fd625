using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Notifications;

namespace Portal.Data.Configurations;

internal sealed class OutboxEmailConfiguration : IEntityTypeConfiguration<OutboxEmail>
{
    public void Configure(EntityTypeBuilder<OutboxEmail> builder)
    {
        builder.ToTable("OutboxEmails");
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.To).HasMaxLength(256);
        builder.Property(e => e.Subject).HasMaxLength(200);
        builder.Property(e => e.LastError).HasMaxLength(1000);
        builder.HasIndex(e => new { e.SentAt, e.NotBefore });
        // Appending (a failure) and claiming (the sender) race on one row: whichever commits second retries.
        builder.Property(e => e.Items).IsConcurrencyToken();
        builder.Property(e => e.ClaimedAt).IsConcurrencyToken();
        builder.HasIndex(e => new { e.SubscriptionId, e.CreatedAt });
    }
}
