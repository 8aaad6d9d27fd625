using System.Reflection;
using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Deliveries;
using Portal.Domain.Tenants;
using Portal.Features.Admin;
using Portal.Features.Admin.Tenants;
using Portal.Identity;

namespace Portal.Tests.Features.Admin;

public sealed class AdminOverviewPageTests
{
    [Fact]
    public async Task Tenants_list_shows_each_tenants_counts_and_a_suspended_chip()
    {
        await using var database = await FeatureTestDatabase.CreateAsync();
        await using (var db = database.CreateContext())
        {
            var acme = new TestData(db, await TestData.AddTenantAsync(db, "Acme"));
            var erp = acme.Subscription("erp");
            acme.Subscription("crm");
            acme.Delivery(acme.Event(TimeSpan.FromHours(1)), erp, DeliveryStatus.Succeeded);
            acme.Delivery(acme.Event(TimeSpan.FromHours(2)), erp, DeliveryStatus.Succeeded);
            acme.Delivery(acme.Event(TimeSpan.FromHours(3)), erp, DeliveryStatus.Succeeded);
            acme.Delivery(acme.Event(TimeSpan.FromHours(4)), erp, DeliveryStatus.Exhausted);
            acme.Delivery(acme.Event(TimeSpan.FromHours(30)), erp, DeliveryStatus.Exhausted); // outside the window
            var globex = await TestData.AddTenantAsync(db, "Globex");
            globex.Suspend();
            await db.SaveChangesAsync();
        }

        await using var ctx = new BunitContext();
        ctx.UsePortalServices(database);
        ctx.Services.AddScoped<CurrentUser>();
        ctx.Services.AddScoped<AdminOverviewQuery>();

        var cut = ctx.Render<AdminOverviewPage>();

        cut.WaitForAssertion(() =>
        {
            var rows = cut.FindAll("tbody tr").Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList()).ToList();
            Assert.Equal(2, rows.Count);
            Assert.Equal(["Acme", "Active", "0", "2", "4", "25%"], rows[0].Take(6));
            Assert.Equal(["Globex", "Suspended", "0", "0", "0", "–"], rows[1].Take(6));
        });
        Assert.Equal("Suspended", cut.Find("[data-status=Suspended]").TextContent.Trim());
        Assert.Contains("Reactivate", cut.FindAll("tbody tr")[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("Suspend", cut.FindAll("tbody tr")[0].TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(typeof(AdminOverviewPage))]
    [InlineData(typeof(TenantDetailPage))]
    [InlineData(typeof(PlatformApiKeysPage))]
    public void Admin_pages_are_routed_and_require_the_admin_role(Type page)
    {
        Assert.NotNull(page.GetCustomAttribute<RouteAttribute>());
        Assert.Equal(PortalRoles.Admin, page.GetCustomAttribute<AuthorizeAttribute>()?.Roles);
    }
}
