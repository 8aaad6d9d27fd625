using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Catalogue;

namespace Portal.Tests.Features.Catalogue;

public sealed class CataloguePageTests : IAsyncLifetime
{
    private FeatureTestDatabase _database = default!;

    public async Task InitializeAsync()
    {
        _database = await FeatureTestDatabase.CreateAsync();
        await using var db = _database.CreateContext();
        var archived = TestData.EventType("invoice.legacy", "Invoice", "Replaced by invoice.status.");
        archived.Archive();
        db.EventTypes.AddRange(
            TestData.EventType("invoice.status", "Invoice", "An invoice received a new lifecycle status.",
                """{"invoiceUuid":"0199","afnorStatus":"APPROVED","amount":1200.00}"""),
            TestData.EventType("invoice.inbound", "Invoice", "An inbound invoice moved to a new stage."),
            TestData.EventType("employee.created", "Human resources", "An employee was created."),
            TestData.EventType("ledgerpayment", "Debt collection", "A payment was registered on a ledger account."),
            archived);
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Event_types_are_grouped_by_category_with_formatted_sample_payloads()
    {
        await using var ctx = new BunitContext();
        ctx.UsePortalServices(_database);
        ctx.Services.AddScoped<CatalogueQuery>();

        var cut = ctx.Render<CataloguePage>();

        cut.WaitForAssertion(() =>
            Assert.Equal(["Debt collection", "Human resources", "Invoice"], CategoryHeadings(cut)));
        Assert.Equal("Event catalogue", cut.Find("h1").TextContent.Trim());
        Assert.Equal(["invoice.inbound", "invoice.status"], EventTypesIn(cut, "Invoice"));
        Assert.DoesNotContain("invoice.legacy", cut.Markup);

        var card = cut.Find("[data-event-type='invoice.status']");
        Assert.Contains("An invoice received a new lifecycle status.", card.TextContent);
        Assert.Equal(
            """
            {
              "invoiceUuid": "0199",
              "afnorStatus": "APPROVED",
              "amount": 1200.00
            }
            """.ReplaceLineEndings("\n"),
            card.QuerySelector("pre code")!.TextContent.ReplaceLineEndings("\n"));
        Assert.Equal(["\"invoiceUuid\"", "\"afnorStatus\"", "\"amount\""], card.QuerySelectorAll(".json-key").Select(k => k.TextContent));
        Assert.Equal(["1200.00"], card.QuerySelectorAll(".json-number").Select(k => k.TextContent));
    }

    [Fact]
    public async Task Search_filters_by_name_and_description()
    {
        await using var ctx = new BunitContext();
        ctx.UsePortalServices(_database);
        ctx.Services.AddScoped<CatalogueQuery>();
        var cut = ctx.Render<CataloguePage>();
        cut.WaitForAssertion(() => Assert.Equal(3, CategoryHeadings(cut).Count));

        cut.Find("input").Input("ledger");
        cut.WaitForAssertion(() => Assert.Equal(["Debt collection"], CategoryHeadings(cut)));
        Assert.Equal(["ledgerpayment"], EventTypesIn(cut, "Debt collection"));

        cut.Find("input").Input("lifecycle");
        cut.WaitForAssertion(() => Assert.Equal(["invoice.status"], cut.FindAll("[data-event-type]").Select(e => e.GetAttribute("data-event-type"))));

        cut.Find("input").Input("no such event");
        cut.WaitForAssertion(() => Assert.Contains("No matching event types", cut.Markup));
        Assert.Empty(cut.FindAll("[data-event-type]"));
    }

    private static List<string> CategoryHeadings(IRenderedComponent<CataloguePage> cut) =>
        [.. cut.FindAll("section.portal-category h2").Select(h => h.TextContent.Trim())];

    private static List<string?> EventTypesIn(IRenderedComponent<CataloguePage> cut, string category) =>
        [
            .. cut.FindAll("section.portal-category")
                .Single(s => s.QuerySelector("h2")!.TextContent.Trim() == category)
                .QuerySelectorAll("[data-event-type]")
                .Select(e => e.GetAttribute("data-event-type")),
        ];
}
