using Bunit;
using MudBlazor;
using Portal.Features.Admin.Catalogue;

namespace Portal.Tests.Features.Admin.Catalogue;

public sealed class CatalogueAdminPageTests : IAsyncLifetime
{
    private FeatureTestDatabase _database = default!;

    public async Task InitializeAsync()
    {
        _database = await FeatureTestDatabase.CreateAsync();
        await using var db = _database.CreateContext();
        var legacy = TestData.EventType("invoice.legacy", "Invoice", "Replaced by invoice.status.");
        legacy.Archive();
        db.EventTypes.AddRange(TestData.EventType("invoice.status", "Invoice", "An invoice changed status."), legacy);
        var acme = new TestData(db, await TestData.AddTenantAsync(db, "Acme"));
        acme.Subscription("erp", eventTypes: "invoice.status");
        acme.Subscription("crm", eventTypes: "invoice.status");
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private BunitContext Context()
    {
        var ctx = new BunitContext();
        ctx.UsePortalServices(_database);
        ctx.UseAuditTrail(_database);
        ctx.UseShaping(_database);
        ctx.Services.AddAdminCatalogue();
        return ctx;
    }

    [Fact]
    public async Task Lists_every_type_and_marks_archived_ones_with_a_chip()
    {
        await using var ctx = Context();

        var cut = ctx.Render<CatalogueAdminPage>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("tbody tr").Count));
        var rows = cut.FindAll("tbody tr");
        Assert.Contains("invoice.legacy", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("Archived", rows[0].QuerySelector("[data-chip='archived']")?.TextContent.Trim());
        Assert.NotNull(rows[0].QuerySelector("button[aria-label='Restore invoice.legacy']"));
        Assert.Contains("invoice.status", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Null(rows[1].QuerySelector("[data-chip='archived']"));
        Assert.Contains("2", rows[1].QuerySelector("td[data-label='Subscriptions']")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Archive_asks_first_and_says_how_many_subscriptions_use_the_type()
    {
        await using var ctx = Context();
        var dialogs = ctx.Render<MudDialogProvider>();
        var cut = ctx.Render<CatalogueAdminPage>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("tbody tr").Count));

        // Not awaited: the handler waits for the confirmation the test reads.
        _ = cut.Find("button[aria-label='Archive invoice.status']").ClickAsync(new());

        dialogs.WaitForAssertion(() =>
            Assert.Contains("2 subscriptions still use it", dialogs.Markup, StringComparison.Ordinal));
        Assert.Contains("Publishing it and new subscriptions to it will be refused", dialogs.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_form_shows_errors_next_to_the_fields()
    {
        await using var ctx = Context();
        ctx.Render<MudPopoverProvider>();
        var dialogs = ctx.Render<MudDialogProvider>();
        var cut = ctx.Render<CatalogueAdminPage>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("tbody tr").Count));

        // Not awaited: the handler waits for the dialog to close.
        _ = cut.FindAll("button").Single(b => b.TextContent.Trim() == "New event type").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("textarea, input")));
        await dialogs.FindAll("input")[0].ChangeAsync(new() { Value = "invoice.status" });
        await dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Save").ClickAsync(new());

        dialogs.WaitForAssertion(() =>
            Assert.Contains("An event type named 'invoice.status' already exists.", dialogs.Markup, StringComparison.Ordinal));
        Assert.Contains("Give a category", dialogs.Markup, StringComparison.Ordinal);
    }
}
