using Portal.Domain.Common;
using Portal.Domain.Tenants;
using Portal.Tests.Infrastructure.Builders;

namespace Portal.Tests.Domain.Tenants;

public sealed class TenantTests
{
    [Fact]
    public void New_tenant_is_active_with_a_trimmed_name()
    {
        var tenant = new TenantBuilder().Named("  Acme  ").Build();

        Assert.Equal("Acme", tenant.Name);
        Assert.True(tenant.IsActive);
        Assert.Equal(TenantStatus.Active, tenant.Status);
        Assert.Equal(TestClock.Now, tenant.CreatedAt);
    }

    [Fact]
    public void Suspend_makes_the_tenant_inactive()
    {
        var tenant = new TenantBuilder().Build();

        tenant.Suspend();

        Assert.False(tenant.IsActive);
        Assert.Equal(TenantStatus.Suspended, tenant.Status);
    }

    [Fact]
    public void Reactivate_after_suspension_makes_the_tenant_active()
    {
        var tenant = new TenantBuilder().Suspended().Build();

        tenant.Reactivate();

        Assert.True(tenant.IsActive);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Blank_name_throws(string name)
    {
        Assert.Throws<DomainException>(() => new TenantBuilder().Named(name).Build());
    }

    [Fact]
    public void Name_longer_than_100_characters_throws()
    {
        Assert.Throws<DomainException>(() => new TenantBuilder().Named(new string('a', 101)).Build());
        Assert.Equal(100, new TenantBuilder().Named(new string('a', 100)).Build().Name.Length);
    }
}
