using Portal.Domain.Deliveries;
using Portal.Features.Dashboard;

namespace Portal.Tests.Features.Dashboard;

public sealed class DashboardQueryTests
{
    [Fact]
    public async Task Counts_are_scoped_to_the_current_tenant_and_the_last_24_hours()
    {
        await using var database = await FeatureTestDatabase.CreateAsync();
        await using (var db = database.CreateContext())
        {
            var acme = new TestData(db, await TestData.AddTenantAsync(db, "Acme"));
            var globex = new TestData(db, await TestData.AddTenantAsync(db, "Globex"));
            var ours = acme.Subscription("erp");
            var theirs = globex.Subscription("billing");
            acme.Delivery(acme.Event(TimeSpan.FromHours(1)), ours, DeliveryStatus.Succeeded);
            acme.Delivery(acme.Event(TimeSpan.FromHours(25)), ours, DeliveryStatus.Exhausted);
            globex.Delivery(globex.Event(TimeSpan.FromHours(1)), theirs, DeliveryStatus.Exhausted);
            await db.SaveChangesAsync();
            database.Tenant.TenantId = ours.TenantId;
        }

        var stats = await new DashboardQuery(database.Factory, new FixedClock(TestData.Now)).LoadAsync();

        Assert.Equal(new DashboardStats(ActiveSubscriptions: 1, TotalSubscriptions: 1, Events: 1, Deliveries: 1,
            InFlight: 0, Succeeded: 1, Failed: 0), stats);
        Assert.Equal(1.0, stats.SuccessRate);
    }

    [Fact]
    public async Task Without_a_tenant_nothing_is_counted()
    {
        await using var database = await FeatureTestDatabase.CreateAsync();
        await using (var db = database.CreateContext())
        {
            var acme = new TestData(db, await TestData.AddTenantAsync(db, "Acme"));
            acme.Delivery(acme.Event(TimeSpan.FromHours(1)), acme.Subscription("erp"), DeliveryStatus.Succeeded);
            await db.SaveChangesAsync();
        }

        var stats = await new DashboardQuery(database.Factory, new FixedClock(TestData.Now)).LoadAsync();

        Assert.Equal(0, stats.TotalSubscriptions + stats.Events + stats.Deliveries);
        Assert.Null(stats.SuccessRate);
    }
}
