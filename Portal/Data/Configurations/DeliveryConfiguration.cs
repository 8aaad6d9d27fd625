using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Deliveries;
using Portal.Domain.Events;
using Portal.Domain.Subscriptions;

namespace Portal.Data.Configurations;

internal sealed class DeliveryConfiguration : IEntityTypeConfiguration<Delivery>
{
    public void Configure(EntityTypeBuilder<Delivery> builder)
    {
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.HasOne<Event>().WithMany().HasForeignKey(d => d.EventId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Subscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(d => d.WebhookId).HasMaxLength(50);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.LeaseOwner).HasMaxLength(100);
        builder.Property(d => d.NextAttemptRequestedBy).HasMaxLength(256);
        builder.HasIndex(d => d.WebhookId).IsUnique();
        builder.HasIndex(d => new { d.EventId, d.SubscriptionId }).IsUnique();
        // The dispatcher's claim: due work ordered by time.
        builder.HasIndex(d => new { d.NextAttemptAt, d.Status });
        // Delivery history: a tenant's newest first, filtered by subscription or status.
        builder.HasIndex(d => new { d.TenantId, d.CreatedAt });
        builder.HasIndex(d => new { d.SubscriptionId, d.CreatedAt });
    }
}
