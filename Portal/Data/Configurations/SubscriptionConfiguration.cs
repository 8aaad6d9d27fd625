using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Catalogue;
using Portal.Domain.Subscriptions;
using Portal.Domain.Tenants;

namespace Portal.Data.Configurations;

internal sealed class SubscriptionConfiguration : IEntityTypeConfiguration<Subscription>
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<Subscription> builder)
    {
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.HasOne<Tenant>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => new { s.TenantId, s.State });
        // The fair claim picks active subscriptions whose queue head is due, oldest first: a range seek.
        builder.HasIndex(s => new { s.State, s.NextDueAt });
        builder.Property(s => s.Name).HasMaxLength(100);
        builder.Property(s => s.Url).HasMaxLength(WebhookUrl.MaxLength);
        builder.Property(s => s.HttpMethod).HasMaxLength(10);
        builder.Property(s => s.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.DisabledReason).HasMaxLength(500);
        builder.Property(s => s.PayloadFormat).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(20).HasDefaultValue(SubscriptionKind.Webhook)
            .HasSentinel(SubscriptionKind.Webhook);
        builder.Property(s => s.Filter).HasMaxLength(PayloadShape.MaxScriptLength);
        builder.Property(s => s.Transformation).HasMaxLength(PayloadShape.MaxScriptLength);
        builder.Property(s => s.BodyTemplate).HasMaxLength(PayloadShape.MaxScriptLength);
        builder.Ignore(s => s.Shape);

        builder.OwnsMany(s => s.EventTypes, types =>
        {
            types.ToTable("SubscriptionEventTypes");
            types.WithOwner().HasForeignKey("SubscriptionId");
            types.Property(t => t.Name).HasMaxLength(EventTypeName.MaxLength);
            types.HasKey("SubscriptionId", nameof(SubscriptionEventType.Name));
            // Fan-out looks subscriptions up by event type.
            types.HasIndex(nameof(SubscriptionEventType.Name), "SubscriptionId");
        });
        builder.Navigation(s => s.EventTypes).HasField("_eventTypes").UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.ComplexProperty(s => s.Auth, auth =>
        {
            auth.Property(a => a.Type).HasConversion<string>().HasMaxLength(10).HasColumnName("AuthType");
            auth.Property(a => a.Key).HasMaxLength(200).HasColumnName("AuthKey");
            auth.Property(a => a.ProtectedToken).HasColumnName("AuthTokenProtected");
        });
        // Static headers are few and always read with their subscription: one JSON column.
        builder.Ignore(s => s.Headers);
        builder.Property<List<CustomHeader>>("_headers")
            .HasColumnName("CustomHeaders")
            .HasConversion(
                v => JsonSerializer.Serialize(v, JsonOptions),
                v => JsonSerializer.Deserialize<List<CustomHeader>>(v, JsonOptions) ?? new List<CustomHeader>(),
                new ValueComparer<List<CustomHeader>>(
                    (a, b) => a!.SequenceEqual(b!),
                    v => v.Aggregate(0, (hash, h) => HashCode.Combine(hash, h.GetHashCode())),
                    v => v.ToList()));

        builder.ComplexProperty(s => s.Signing, signing =>
        {
            signing.Property(g => g.Scheme).HasConversion<string>().HasMaxLength(20).HasColumnName("SigningScheme");
            signing.Property(g => g.HeaderName).HasMaxLength(100).HasColumnName("SigningHeaderName");
            signing.Property(g => g.ProtectedSecret).HasColumnName("SigningSecretProtected");
            signing.Property(g => g.ProtectedPreviousSecret).HasColumnName("SigningPreviousSecretProtected");
            signing.Property(g => g.PreviousSecretExpiresAt).HasColumnName("SigningPreviousSecretExpiresAt");
        });
        builder.ComplexProperty(s => s.Retry, retry =>
        {
            retry.Property(r => r.Preset).HasConversion<string>().HasMaxLength(20).HasColumnName("RetryPreset");
            retry.Property(r => r.MaxAttempts).HasColumnName("RetryMaxAttempts");
            retry.Property(r => r.DelaysSeconds).HasMaxLength(500).HasColumnName("RetryDelaysSeconds");
            retry.Property(r => r.InitialDelaySeconds).HasColumnName("RetryInitialDelaySeconds");
            retry.Property(r => r.Factor).HasColumnName("RetryFactor");
            retry.Property(r => r.MaxRetries).HasColumnName("RetryMaxRetries");
            retry.Property(r => r.CapSeconds).HasColumnName("RetryCapSeconds");
        });
        builder.ComplexProperty(s => s.Notification, notification =>
        {
            notification.Property(n => n.Email).HasMaxLength(256).HasColumnName("NotifyEmail");
            notification.Property(n => n.Enabled).HasColumnName("NotifyOnFailure");
        });
        builder.ComplexProperty(s => s.Stats, stats =>
        {
            stats.Property(t => t.LatestResponseCode).HasColumnName("StatsLatestResponseCode");
            stats.Property(t => t.SuccessfulCalls).HasColumnName("StatsSuccessfulCalls");
            stats.Property(t => t.TotalCalls).HasColumnName("StatsTotalCalls");
            stats.Property(t => t.ConsecutiveFailures).HasColumnName("StatsConsecutiveFailures");
            stats.Property(t => t.LastAttemptAt).HasColumnName("StatsLastAttemptAt");
            stats.Property(t => t.FailingSince).HasColumnName("StatsFailingSince");
        });
    }
}
