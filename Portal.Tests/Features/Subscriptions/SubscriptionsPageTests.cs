using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Domain.Subscriptions;
using Portal.Domain.Tenants;
using Portal.Features.Subscriptions;
using Portal.Identity;

namespace Portal.Tests.Features.Subscriptions;

public sealed class SubscriptionsPageTests : IAsyncLifetime
{
    private FeatureTestDatabase _database = default!;
    private Tenant _acme = default!;

    public async Task InitializeAsync()
    {
        _database = await FeatureTestDatabase.CreateAsync();
        await using var db = _database.CreateContext();
        _acme = await TestData.AddTenantAsync(db, "Acme");
        var globex = await TestData.AddTenantAsync(db, "Globex");
        var acme = new TestData(db, _acme);
        var erp = acme.Subscription("erp", SubscriptionState.Active, "invoice.status", "invoice.created");
        erp.RecordAttemptResult(200, success: true, TestData.Now.AddMinutes(-2));
        erp.RecordAttemptResult(500, success: false, TestData.Now.AddMinutes(-1));
        erp.RecordAttemptResult(204, success: true, TestData.Now);
        acme.Subscription("crm", SubscriptionState.Disabled);
        new TestData(db, globex).Subscription("foreign");
        await db.SaveChangesAsync();
        _database.Tenant.TenantId = _acme.Id;
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Rows_show_event_types_state_with_reason_latest_response_and_call_counts_of_the_tenant_only()
    {
        await using var ctx = new BunitContext();
        ctx.UsePortalServices(_database);
        ctx.Services.AddScoped<CurrentUser>();
        ctx.Render<MudPopoverProvider>();

        var cut = ctx.Render<SubscriptionsPage>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-subscription]").Count));
        var erp = Row(cut, "erp");
        Assert.Contains("invoice.created", erp.TextContent);
        Assert.Contains("invoice.status", erp.TextContent);
        Assert.Equal("204", erp.QuerySelector("[data-response]")!.GetAttribute("data-response"));
        Assert.Equal(["2", "3"], erp.QuerySelectorAll("td.portal-num").Select(td => td.TextContent.Trim()));
        var crm = Row(cut, "crm");
        Assert.Contains("Disabled", crm.TextContent);
        Assert.Contains("Endpoint kept failing", crm.TextContent);
        Assert.Equal("none", crm.QuerySelector("[data-response]")!.GetAttribute("data-response"));
        Assert.DoesNotContain("foreign", cut.Markup);
        Assert.NotNull(cut.Find("button[aria-label='More actions for erp']"));
    }

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<SubscriptionsPage> cut, string name) =>
        cut.Find($"[data-subscription='{name}']").Closest("tr")!;
}
