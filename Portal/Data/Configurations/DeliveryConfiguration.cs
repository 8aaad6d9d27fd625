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
        // No index on the queue as a whole by time: the claim's per-subscription seeks must use the subscription's
        // own queue index (AddQueueIndexes); a global (NextAttemptAt, Status) index invited the planner to walk
        // everybody's due rows filtered by subscription, so one big backlog slowed every other claim (issue 15,
        // session 11), and it cost every delivery update one more index write. System health counts the queue
        // through the per-subscription index instead.
        // Delivery history: a tenant's newest first, filtered by subscription or status.
        builder.HasIndex(d => new { d.TenantId, d.CreatedAt });
        builder.HasIndex(d => new { d.SubscriptionId, d.CreatedAt });
    }

    /// <summary>One subscription's queue, unfinished deliveries only (they are exactly those with a next attempt
    /// time), so a seek costs the same however much history or backlog the subscription has: by due time for the
    /// fair claim, by creation for an ordered subscription's head. The filter is the one piece of SQL that differs
    /// per provider (SQL Server's identifier quoting).</summary>
    internal static void AddQueueIndexes(EntityTypeBuilder<Delivery> builder, bool sqlServer)
    {
        var unfinished = sqlServer ? "[NextAttemptAt] IS NOT NULL" : "\"NextAttemptAt\" IS NOT NULL";
        builder.HasIndex(d => new { d.SubscriptionId, d.NextAttemptAt }, "IX_Deliveries_Queue").HasFilter(unfinished);
        builder.HasIndex(d => new { d.SubscriptionId, d.CreatedAt, d.Id }, "IX_Deliveries_QueueOrder").HasFilter(unfinished);
    }
}
