using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Access;
using Portal.Domain.Tenants;

namespace Portal.Data.Configurations;

internal sealed class ApiClientConfiguration : IEntityTypeConfiguration<ApiClient>
{
    public void Configure(EntityTypeBuilder<ApiClient> builder)
    {
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.HasOne<Tenant>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(c => c.Name).HasMaxLength(100);
        builder.Property(c => c.ClientId).HasMaxLength(40);
        builder.Property(c => c.SecretHash).HasMaxLength(64);
        builder.HasIndex(c => c.ClientId).IsUnique();
    }
}
