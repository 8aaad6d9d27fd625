using Bunit;
using MudBlazor;
using Portal.Components.Shared;
using Portal.Domain.Subscriptions;
using Portal.Features.Subscriptions.Editor;

namespace Portal.Tests.Features.Subscriptions;

/// <summary>The form's Payload section runs the real shaper (Jint, Fluid) over the event type's sample.</summary>
public sealed class ShapingFieldsTests : IAsyncLifetime
{
    private const string Sample = """{"invoiceId":"INV-1001","status":"paid","amount":1250,"currency":"EUR"}""";

    private FeatureTestDatabase _database = default!;

    public async Task InitializeAsync()
    {
        _database = await FeatureTestDatabase.CreateAsync();
        await using var db = _database.CreateContext();
        db.EventTypes.Add(TestData.EventType("invoice.status", "Invoice", payload: Sample));
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private BunitContext NewContext()
    {
        var ctx = new BunitContext();
        ctx.UsePortalServices(_database);
        ctx.UseShaping(_database);
        ctx.Render<MudPopoverProvider>();
        return ctx;
    }

    private static SubscriptionInput Input(PayloadFormat format, string? filter = null) => new()
    {
        Name = "erp",
        Url = "https://erp.example.com/hooks",
        EventTypes = ["invoice.status"],
        PayloadFormat = format,
        Filter = filter,
    };

    private static IRenderedComponent<ShapingFields> Render(BunitContext ctx, SubscriptionInput input) =>
        ctx.Render<ShapingFields>(p => p.Add(x => x.Input, input).Add(x => x.Errors, new FieldErrors()));

    [Fact]
    public async Task Accredit_preview_shows_Event_and_Timestamp_beside_the_samples_fields()
    {
        await using var ctx = NewContext();

        var cut = Render(ctx, Input(PayloadFormat.Accredit));

        cut.WaitForAssertion(() =>
        {
            var body = cut.Find("[data-preview-body] pre").TextContent;
            Assert.Contains("\"Event\": \"invoice.status\"", body, StringComparison.Ordinal);
            Assert.Contains("\"Timestamp\": \"2", body, StringComparison.Ordinal);
            Assert.Contains("\"invoiceId\": \"INV-1001\"", body, StringComparison.Ordinal);
            Assert.DoesNotContain("\"tenantId\"", body, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Custom_Liquid_template_preview_shows_the_rendered_body()
    {
        await using var ctx = NewContext();
        var input = Input(PayloadFormat.Custom);
        input.BodyTemplate = """{"invoice":"{{ data.invoiceId }}","kind":"{{ event.type }}"}""";

        var cut = Render(ctx, input);

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("body", cut.Find("[data-preview]").GetAttribute("data-preview"));
            var body = cut.Find("[data-preview-body] pre").TextContent;
            Assert.Contains("\"invoice\": \"INV-1001\"", body, StringComparison.Ordinal);
            Assert.Contains("\"kind\": \"invoice.status\"", body, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Custom_JavaScript_preview_shows_the_body_and_the_changed_method_and_headers()
    {
        await using var ctx = NewContext();
        var input = Input(PayloadFormat.Custom);
        input.Transformation = """
            function handler(webhook) {
              webhook.payload = { number: webhook.payload.data.invoiceId, paid: webhook.payload.data.amount };
              webhook.method = "PUT";
              webhook.headers["X-Source"] = "portal";
              return webhook;
            }
            """;

        var cut = Render(ctx, input);

        cut.WaitForAssertion(() =>
        {
            var body = cut.Find("[data-preview-body] pre").TextContent;
            Assert.Contains("\"number\": \"INV-1001\"", body, StringComparison.Ordinal);
            Assert.Contains("\"paid\": 1250", body, StringComparison.Ordinal);
            var request = cut.Find("[data-preview-request]").TextContent;
            Assert.Contains("PUT", request, StringComparison.Ordinal);
            Assert.Contains("X-Source: portal", request, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_transformation_that_cancels_or_throws_is_shown_as_such()
    {
        await using var ctx = NewContext();
        var input = Input(PayloadFormat.Custom);
        input.Transformation = "function handler(webhook) { webhook.cancel = webhook.payload.data.status == 'paid'; return webhook; }";

        var cut = Render(ctx, input);
        cut.WaitForAssertion(() => Assert.Equal("cancelled", cut.Find("[data-preview]").GetAttribute("data-preview")));

        input.Transformation = "function handler(webhook) { throw new Error('no invoice number'); }";
        cut.Render(p => p.Add(x => x.Input, input));
        cut.WaitForAssertion(() =>
        {
            Assert.Equal("error", cut.Find("[data-preview]").GetAttribute("data-preview"));
            Assert.Contains("no invoice number", cut.Find("[data-preview]").TextContent, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("data.amount > 1000 && data.currency == \"EUR\"", "match", "Matches the invoice.status sample")]
    [InlineData("data.amount > 5000", "no-match", "Does not match the invoice.status sample")]
    [InlineData("data.customer.name == \"x\"", "error", "The filter failed on the invoice.status sample")]
    public async Task Testing_the_filter_against_the_sample_says_match_no_match_or_why_it_failed(string filter, string state, string text)
    {
        await using var ctx = NewContext();
        var cut = Render(ctx, Input(PayloadFormat.Envelope, filter));
        cut.WaitForAssertion(() => Assert.Equal("body", cut.Find("[data-preview]").GetAttribute("data-preview")));
        Assert.Empty(cut.FindAll("[data-filter-result]"));

        await cut.FindAll("button").Single(b => b.TextContent.Contains("Test against sample")).ClickAsync(new());

        cut.WaitForAssertion(() =>
        {
            var result = cut.Find("[data-filter-result]");
            Assert.Equal(state, result.GetAttribute("data-filter-result"));
            Assert.Contains(text, result.TextContent, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Slack_preview_shows_the_chat_message_and_no_body_format()
    {
        await using var ctx = NewContext();
        var input = Input(PayloadFormat.Envelope);
        input.Kind = SubscriptionKind.Slack;
        input.Url = "https://hooks.slack.com/services/T0/B0/x";

        var cut = Render(ctx, input);

        cut.WaitForAssertion(() => Assert.Contains("\"text\"", cut.Find("[data-preview-body] pre").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-field=payloadFormat]"));
    }
}
