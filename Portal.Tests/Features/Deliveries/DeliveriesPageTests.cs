using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Domain.Deliveries;
using Portal.Domain.Tenants;
using Portal.Features.Deliveries;
using Portal.Identity;

namespace Portal.Tests.Features.Deliveries;

public sealed class DeliveriesPageTests : IAsyncLifetime
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
        var erp = acme.Subscription("erp");
        // 30 deliveries, one a minute: minute 0 is the newest.
        for (var minute = 0; minute < 30; minute++)
            acme.Delivery(acme.Event(TimeSpan.FromMinutes(minute), minute % 2 == 0 ? "invoice.status" : "invoice.created"),
                erp, minute < 3 ? DeliveryStatus.Exhausted : DeliveryStatus.Succeeded);
        var other = new TestData(db, globex);
        other.Delivery(other.Event(TimeSpan.FromSeconds(1)), other.Subscription("foreign"), DeliveryStatus.Exhausted);
        await db.SaveChangesAsync();
        _database.Tenant.TenantId = _acme.Id;
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Grid_reads_one_page_newest_first_and_the_pager_asks_for_the_next_page()
    {
        await using var ctx = new BunitContext();
        ctx.UsePortalServices(_database);
        ctx.Services.AddScoped<CurrentUser>();
        ctx.Render<MudPopoverProvider>();

        var cut = ctx.Render<DeliveriesPage>();

        cut.WaitForAssertion(() => Assert.Equal(DeliveriesPage.PageSize, Rows(cut).Count));
        Assert.Contains("1-25 of 30", cut.Markup);
        Assert.DoesNotContain("foreign", cut.Markup);
        Assert.Equal("Exhausted", Rows(cut)[0].QuerySelector("[data-status]")!.GetAttribute("data-status"));

        await cut.Find("button[aria-label='Next page']").ClickAsync();

        cut.WaitForAssertion(() => Assert.Equal(5, Rows(cut).Count));
        Assert.Contains("26-30 of 30", cut.Markup);
        Assert.All(Rows(cut), r => Assert.Equal("Succeeded", r.QuerySelector("[data-status]")!.GetAttribute("data-status")));
    }

    [Fact]
    public async Task Query_filters_by_status_and_event_type_and_counts_the_failed_set_for_bulk_retrigger()
    {
        var history = new DeliveryHistoryQuery(_database.Factory);

        var exhausted = await history.PageAsync(new DeliveryFilter(Status: DeliveryStatus.Exhausted), 0, 25);
        var created = await history.PageAsync(new DeliveryFilter(EventType: "invoice.created"), 0, 25);
        var failed = await history.CountFailedAsync(new DeliveryFilter(EventType: "invoice.status"));

        Assert.Equal(3, exhausted.Total);
        Assert.Equal(15, created.Total);
        Assert.All(created.Rows, r => Assert.Equal("invoice.created", r.EventType));
        Assert.Equal(2, failed); // minutes 0 and 2 are invoice.status and exhausted; minute 1 is invoice.created
    }

    [Fact]
    public async Task Retrigger_button_is_disabled_while_the_retrigger_runs()
    {
        await using var ctx = new BunitContext();
        ctx.UsePortalServices(_database);
        var running = new TaskCompletionSource();
        var calls = 0;

        var cut = ctx.Render<RetriggerButton>(p => p.Add(x => x.Action, () =>
        {
            calls++;
            return running.Task;
        }));

        var click = cut.Find("button").ClickAsync();
        cut.WaitForAssertion(() => Assert.True(cut.Find("button").HasAttribute("disabled")));
        Assert.Equal("running", cut.Find("button").GetAttribute("data-retrigger"));

        running.SetResult();
        await click;
        cut.WaitForAssertion(() => Assert.False(cut.Find("button").HasAttribute("disabled")));
        Assert.Equal(1, calls);
    }

    private static List<AngleSharp.Dom.IElement> Rows(IRenderedComponent<DeliveriesPage> cut) =>
        cut.FindAll("table[aria-label=Deliveries] tbody tr").Where(r => r.QuerySelector("[data-status]") is not null).ToList();
}
