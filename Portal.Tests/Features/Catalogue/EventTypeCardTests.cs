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

    [Fact]
    public async Task A_schema_is_shown_as_a_field_table_with_nested_paths_types_required_and_descriptions_beside_the_sample()
    {
        await using var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        const string schema = """
            {
              "type": "object",
              "required": ["invoiceId", "amount"],
              "properties": {
                "invoiceId": { "type": "string", "description": "The invoice." },
                "amount": { "$ref": "#/$defs/money" },
                "lines": { "type": "array", "items": { "type": "object", "required": ["sku"],
                  "properties": { "sku": { "type": "string" }, "quantity": { "type": "integer" } } } },
                "status": { "type": "string", "enum": ["DRAFT", "PAID"] }
              },
              "$defs": {
                "money": { "type": "object", "description": "An amount in a currency.", "required": ["value"],
                  "properties": { "value": { "type": "number" }, "currency": { "type": "string", "description": "ISO 4217 code." } } }
              }
            }
            """;

        var cut = ctx.Render<EventTypeCard>(p => p.Add(x => x.Entry,
            new CatalogueEntry("invoice.paid", "Invoice", "Paid.", """{"invoiceId":"INV-1"}""", schema)));

        var rows = cut.FindAll("[data-schema-fields] tbody tr")
            .Select(tr => string.Join(" | ", tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim())))
            .ToList();
        Assert.Equal(
        [
            "invoiceId | string | required | The invoice.",
            "amount | object | required | An amount in a currency.",
            "amount.value | number | required |",
            "amount.currency | string | optional | ISO 4217 code.",
            "lines | array of object | optional |",
            "lines[].sku | string | required |",
            "lines[].quantity | integer | optional |",
            "status | string: DRAFT, PAID | optional |",
        ], rows.Select(r => r.TrimEnd()));
        // The table sits beside the sample, in the same wide card.
        Assert.NotNull(cut.Find(".portal-event-wide .portal-event-schema [data-schema-fields]"));
        Assert.Contains("Sample payload", cut.Find(".portal-event-schema").TextContent);
    }

    [Fact]
    public async Task A_schema_without_properties_or_not_json_gives_no_field_table()
    {
        await using var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();

        var cut = ctx.Render<EventTypeCard>(p => p.Add(x => x.Entry,
            new CatalogueEntry("invoice.paid", "Invoice", "Paid.", "{}", """{"type":"string"}""")));

        Assert.Empty(cut.FindAll("[data-schema-fields]"));
        Assert.Empty(SchemaFields.Of("{ not json"));
    }
}
