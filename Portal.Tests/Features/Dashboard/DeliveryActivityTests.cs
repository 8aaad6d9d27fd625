using Portal.Domain.Deliveries;
using Portal.Features.Dashboard;

namespace Portal.Tests.Features.Dashboard;

public sealed class DeliveryActivityTests : IAsyncLifetime
{
    private FeatureTestDatabase _database = default!;

    public async Task InitializeAsync()
    {
        _database = await FeatureTestDatabase.CreateAsync();
        await using var db = _database.CreateContext();
        var acme = await TestData.AddTenantAsync(db, "Acme");
        var data = new TestData(db, acme);
        var erp = data.Subscription("erp");
        data.Delivery(data.Event(TimeSpan.FromMinutes(10)), erp, DeliveryStatus.Succeeded);
        data.Delivery(data.Event(TimeSpan.FromMinutes(20)), erp, DeliveryStatus.Exhausted);
        data.Delivery(data.Event(TimeSpan.FromHours(3)), erp, DeliveryStatus.Retrying);
        data.Delivery(data.Event(TimeSpan.FromDays(3)), erp, DeliveryStatus.Succeeded);
        await db.SaveChangesAsync();
        _database.Tenant.TenantId = acme.Id;
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Last_24_hours_has_one_bucket_an_hour_with_succeeded_and_failed_counts_and_the_oldest_waiting_age()
    {
        await using var db = _database.Factory.CreateDbContext();

        var health = await DeliveryActivity.LoadAsync(db, TestData.Now, week: false);

        Assert.Equal(24, health.Buckets.Count);
        Assert.Equal(1, health.Buckets.Sum(b => b.Succeeded));
        Assert.Equal(2, health.Buckets.Sum(b => b.Failed));
        Assert.Equal(TimeSpan.FromHours(3), health.OldestPendingAge);
    }

    [Fact]
    public async Task Last_7_days_counts_per_day()
    {
        await using var db = _database.Factory.CreateDbContext();

        var health = await DeliveryActivity.LoadAsync(db, TestData.Now, week: true);

        Assert.Equal(7, health.Buckets.Count);
        Assert.Equal(2, health.Buckets.Sum(b => b.Succeeded));
        Assert.Equal(2, health.Buckets[^1].Failed);
    }
}
