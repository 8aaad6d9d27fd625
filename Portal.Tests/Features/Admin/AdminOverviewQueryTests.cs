using Portal.Features.Admin;

namespace Portal.Tests.Features.Admin;

public sealed class AdminOverviewQueryTests
{
    [Fact]
    public async Task Overview_counts_every_tenants_subscriptions_whatever_the_current_tenant()
    {
        await using var database = await FeatureTestDatabase.CreateAsync();
        await using (var db = database.CreateContext())
        {
            var operators = await TestData.AddTenantAsync(db, "Platform operators");
            var acme = new TestData(db, await TestData.AddTenantAsync(db, "Acme"));
            acme.Subscription("erp");
            acme.Subscription("crm");
            await db.SaveChangesAsync();
            database.Tenant.TenantId = operators.Id;
        }

        var tenants = await new AdminOverviewQuery(database.Factory, TimeProvider.System).LoadAsync();

        Assert.Equal(["Acme", "Platform operators"], tenants.Select(t => t.Name));
        Assert.Equal(2, tenants[0].Subscriptions);
        Assert.Equal(0, tenants[1].Subscriptions);
    }
}
