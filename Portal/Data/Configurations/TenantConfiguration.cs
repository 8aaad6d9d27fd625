using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Tenants;

namespace Portal.Data.Configurations;

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> builder)
    {
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.NormalizedName).HasMaxLength(100);
        builder.HasIndex(t => t.NormalizedName).IsUnique(); // the name in any letter case
        builder.Property(t => t.ExternalId).HasMaxLength(Tenant.MaxExternalIdLength);
        builder.HasIndex(t => t.ExternalId).IsUnique(); // NULLs are distinct on SQLite, PostgreSQL; filtered on SQL Server
    }
}
