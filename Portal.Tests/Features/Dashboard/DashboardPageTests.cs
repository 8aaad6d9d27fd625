using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Deliveries;
using Portal.Domain.Subscriptions;
using Portal.Domain.Tenants;
using Portal.Features.Dashboard;

namespace Portal.Tests.Features.Dashboard;

public sealed class DashboardPageTests : IAsyncLifetime
{
    private FeatureTestDatabase _database = default!;
    private Tenant _acme = default!;
    private Tenant _globex = default!;

    public async Task InitializeAsync()
    {
        _database = await FeatureTestDatabase.CreateAsync();
        await using var db = _database.CreateContext();
        _acme = await TestData.AddTenantAsync(db, "Acme");
        _globex = await TestData.AddTenantAsync(db, "Globex");
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Dashboard_shows_the_signed_in_tenants_counts_only()
    {
        await using (var db = _database.CreateContext())
        {
            var acme = new TestData(db, _acme);
            var erp = acme.Subscription("erp");
            acme.Subscription("crm", SubscriptionState.Paused);
            acme.Delivery(acme.Event(TimeSpan.FromHours(1)), erp, DeliveryStatus.Succeeded);
            acme.Delivery(acme.Event(TimeSpan.FromHours(2)), erp, DeliveryStatus.Succeeded);
            acme.Delivery(acme.Event(TimeSpan.FromHours(23)), erp, DeliveryStatus.Succeeded);
            acme.Delivery(acme.Event(TimeSpan.FromHours(3)), erp, DeliveryStatus.Exhausted);
            acme.Delivery(acme.Event(TimeSpan.FromHours(4)), erp, DeliveryStatus.Retrying);
            acme.Delivery(acme.Event(TimeSpan.FromHours(30)), erp, DeliveryStatus.Exhausted); // outside the window

            var globex = new TestData(db, _globex);
            var billing = globex.Subscription("billing");
            globex.Subscription("hr");
            globex.Subscription("ops", SubscriptionState.Disabled);
            for (var i = 0; i < 6; i++)
                globex.Delivery(globex.Event(TimeSpan.FromMinutes(10 + i)), billing, DeliveryStatus.Exhausted);
            await db.SaveChangesAsync();
        }
        _database.Tenant.TenantId = _acme.Id;

        await using var ctx = new BunitContext();
        ctx.UsePortalServices(_database);
        ctx.Services.AddScoped<DashboardQuery>();

        var cut = ctx.Render<DashboardPage>();

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("1", Number(cut, "subscriptions"));
            Assert.Equal("/ 2", cut.Find("[data-stat=subscriptions] .portal-stat-suffix").TextContent.Trim());
            Assert.Equal("5", Number(cut, "events"));
            Assert.Equal("5", Number(cut, "deliveries"));
            Assert.Equal("1", Number(cut, "failed"));
            Assert.StartsWith("75", Number(cut, "success-rate"));
        });
        Assert.Contains("1 in progress", cut.Find("[data-stat=deliveries]").TextContent);
        Assert.DoesNotContain("No subscriptions yet", cut.Markup);
    }

    [Fact]
    public async Task Dashboard_of_a_tenant_without_subscriptions_points_to_the_catalogue()
    {
        await using (var db = _database.CreateContext())
        {
            new TestData(db, _globex).Subscription("billing");
            await db.SaveChangesAsync();
        }
        _database.Tenant.TenantId = _acme.Id;

        await using var ctx = new BunitContext();
        ctx.UsePortalServices(_database);
        ctx.Services.AddScoped<DashboardQuery>();

        var cut = ctx.Render<DashboardPage>();

        cut.WaitForAssertion(() => Assert.Contains("No subscriptions yet", cut.Markup));
        Assert.Equal("0", Number(cut, "subscriptions"));
        Assert.Equal("—", Number(cut, "success-rate"));
        Assert.Contains(cut.FindAll("a"), a => a.GetAttribute("href") == "/catalogue" && a.TextContent.Contains("Browse the event catalogue"));
    }

    [Fact]
    public async Task The_7_day_toggle_changes_the_subtitle_and_the_cards_and_endpoint_health_says_disabled()
    {
        await using (var db = _database.CreateContext())
        {
            var acme = new TestData(db, _acme);
            var erp = acme.Subscription("erp");
            acme.Subscription("crm", SubscriptionState.Disabled);
            acme.Delivery(acme.Event(TimeSpan.FromHours(1)), erp, DeliveryStatus.Succeeded);
            acme.Delivery(acme.Event(TimeSpan.FromHours(30)), erp, DeliveryStatus.Exhausted);
            acme.Delivery(acme.Event(TimeSpan.FromDays(5)), erp, DeliveryStatus.Exhausted);
            acme.Delivery(acme.Event(TimeSpan.FromDays(9)), erp, DeliveryStatus.Exhausted); // outside both windows
            await db.SaveChangesAsync();
        }
        _database.Tenant.TenantId = _acme.Id;
        await using var ctx = new BunitContext();
        ctx.UsePortalServices(_database);
        ctx.Services.AddScoped<DashboardQuery>();
        var cut = ctx.Render<DashboardPage>();
        cut.WaitForAssertion(() => Assert.Equal("1", Number(cut, "deliveries")));
        Assert.Contains("last 24 hours", cut.Find("[data-dashboard-range]").TextContent);
        Assert.Equal("Disabled", cut.Find("[data-failing-state]").GetAttribute("data-failing-state"));

        cut.FindAll("button").First(b => b.TextContent.Trim() == "7 days").Click();

        cut.WaitForAssertion(() => Assert.Equal("3", Number(cut, "deliveries")));
        Assert.Contains("last 7 days", cut.Find("[data-dashboard-range]").TextContent);
        Assert.Equal("2", Number(cut, "failed"));
        Assert.Contains("7 days", cut.Find("[data-stat=failed]").TextContent);
        Assert.Contains("last 7 days", cut.Find("[data-stat=events]").TextContent);
        Assert.Equal("33.3%", Number(cut, "success-rate"));
    }

    private static string Number(IRenderedComponent<DashboardPage> cut, string stat) =>
        cut.Find($"[data-stat={stat}] .portal-stat-number").TextContent.Trim();
}
