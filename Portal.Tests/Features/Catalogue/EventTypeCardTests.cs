using Bunit;
using MudBlazor.Services;
using Portal.Features.Catalogue;

namespace Portal.Tests.Features.Catalogue;

public sealed class EventTypeCardTests
{
    [Fact]
    public async Task Card_links_subscribe_with_the_type_preselected_and_shows_the_schema_when_there_is_one()
    {
        await using var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();

        var withSchema = ctx.Render<EventTypeCard>(p => p.Add(x => x.Entry,
            new CatalogueEntry("invoice.status", "Invoice", "Status changed.", "{}", """{"type":"object"}""")));
        var withoutSchema = ctx.Render<EventTypeCard>(p => p.Add(x => x.Entry,
            new CatalogueEntry("employee.created", "HR", "Created.", "{}")));

        Assert.Equal("/subscriptions/new?eventType=invoice.status",
            withSchema.Find("a[aria-label='Subscribe to invoice.status']").GetAttribute("href"));
        Assert.Contains("JSON schema", withSchema.Markup);
        Assert.DoesNotContain("JSON schema", withoutSchema.Markup);
    }
}
