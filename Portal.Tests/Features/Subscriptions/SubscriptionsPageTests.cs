using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Data;
using Portal.Domain.Deliveries;
using Portal.Domain.Subscriptions;
using Portal.Domain.Tenants;
using Portal.Features.Subscriptions.List;
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
        // The "0 / 25": deliveries count once whatever their attempts. In the last 24 h: 3 succeeded (one
        // after a retry), 1 exhausted after 5 attempts, 1 retrying; two days ago: 1 exhausted (outside the window).
        Attempts(db, acme.Delivery(acme.Event(TimeSpan.FromHours(1)), erp, DeliveryStatus.Succeeded), 1);
        Attempts(db, acme.Delivery(acme.Event(TimeSpan.FromHours(2)), erp, DeliveryStatus.Succeeded), 2);
        Attempts(db, acme.Delivery(acme.Event(TimeSpan.FromHours(3)), erp, DeliveryStatus.Succeeded), 1);
        Attempts(db, acme.Delivery(acme.Event(TimeSpan.FromHours(4)), erp, DeliveryStatus.Exhausted), 5);
        Attempts(db, acme.Delivery(acme.Event(TimeSpan.FromHours(5)), erp, DeliveryStatus.Retrying), 1);
        Attempts(db, acme.Delivery(acme.Event(TimeSpan.FromHours(48)), erp, DeliveryStatus.Exhausted), 5);
        var crm = acme.Subscription("crm", SubscriptionState.Disabled);
        Attempts(db, acme.Delivery(acme.Event(TimeSpan.FromHours(1)), crm, DeliveryStatus.Exhausted), 3);
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
        Assert.Equal("75%", Figure(erp, "success-rate"));
        Assert.Equal("3 succeeded 1 failed 1 pending", string.Join(' ', erp.QuerySelectorAll("[data-count]").Select(c => c.TextContent.Trim())));
        Assert.Equal("10", Figure(erp, "attempts"));
        var crm = Row(cut, "crm");
        Assert.Contains("Disabled", crm.TextContent);
        Assert.Contains("Endpoint kept failing", crm.TextContent);
        Assert.Equal("0%", Figure(crm, "success-rate"));
        Assert.Equal("3", Figure(crm, "attempts"));
        Assert.Equal("none", crm.QuerySelector("[data-response]")!.GetAttribute("data-response"));
        Assert.DoesNotContain("foreign", cut.Markup);
        Assert.NotNull(cut.Find("button[aria-label='More actions for erp']"));
    }

    [Fact]
    public async Task A_subscription_without_deliveries_in_the_window_shows_no_rate_and_zero_counts()
    {
        await using var ctx = new BunitContext();
        ctx.UsePortalServices(_database);
        ctx.Services.AddScoped<CurrentUser>();
        await using (var db = _database.CreateContext())
        {
            new TestData(db, _acme).Subscription("quiet");
            await db.SaveChangesAsync();
        }
        ctx.Render<MudPopoverProvider>();

        var cut = ctx.Render<SubscriptionsPage>();

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-subscription]").Count));
        var quiet = Row(cut, "quiet");
        Assert.Equal("—", Figure(quiet, "success-rate"));
        Assert.Equal("0 succeeded 0 failed 0 pending", string.Join(' ', quiet.QuerySelectorAll("[data-count]").Select(c => c.TextContent.Trim())));
        Assert.Equal("0", Figure(quiet, "attempts"));
    }

    private static string Figure(AngleSharp.Dom.IElement row, string figure) =>
        row.QuerySelector($"[data-figure={figure}]")!.TextContent.Trim();

    /// <summary>A delivery tried <paramref name="count"/> times, a minute apart, from its creation.</summary>
    private static void Attempts(PortalDbContext db, Delivery delivery, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var attempt = new Attempt(delivery, i, AttemptTrigger.Automatic, null, delivery.CreatedAt.AddMinutes(i),
                "https://hooks.example.com/", "{}", "{}");
            attempt.RecordResponse(i == count - 1 && delivery.Status == DeliveryStatus.Succeeded ? 200 : 500, "{}", "", 10);
            db.Attempts.Add(attempt);
        }
        db.Entry(delivery).Property(d => d.AttemptCount).CurrentValue = count;
    }

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<SubscriptionsPage> cut, string name) =>
        cut.Find($"[data-subscription='{name}']").Closest("tr")!;
}
