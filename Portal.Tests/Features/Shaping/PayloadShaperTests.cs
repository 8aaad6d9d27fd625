using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Domain.Dispatch;
using Portal.Domain.Subscriptions;
using Portal.Shaping;

namespace Portal.Tests.Features.Shaping;

public class PayloadShaperTests
{
    private static readonly WebhookEvent Paid = new(Guid.CreateVersion7(), "invoice.paid", DateTimeOffset.UnixEpoch, Guid.Empty,
        """{"invoiceId":"b3c1","number":"INV-7","paidAmount":1250.5,"currency":"EUR"}""");

    private static readonly string[] BlockTypes = ["header", "section", "context"];
    private readonly ScriptSandbox _sandbox = new();
    private PayloadShaper Shaper => new(_sandbox, new LiquidTemplates());

    private ShapeOutcome Custom(string? script = null, string? template = null, bool secretInBody = false) =>
        Shaper.Shape(Paid, new ShapeRequest(SubscriptionKind.Webhook,
            new PayloadShape(PayloadFormat.Custom, script, template, secretInBody), "https://example.com/hook?a=1", "POST",
            Secret: "mySecret"));

    [Fact]
    public void Transformation_sets_body_method_query_and_headers()
    {
        var outcome = Custom("""
            function handler(webhook) {
              webhook.payload = { invoice: webhook.payload.data.invoiceId, paid: webhook.payload.data.paidAmount };
              webhook.method = "PUT";
              webhook.url = "https://example.com/hook?a=2";
              webhook.headers["X-Invoice"] = "INV-7";
              return webhook;
            }
            """);
        Assert.Null(outcome.Error);
        Assert.Equal("""{"invoice":"b3c1","paid":1250.5}""", outcome.Shape!.Body);
        Assert.Equal("PUT", outcome.Shape.Method);
        Assert.Equal("https://example.com/hook?a=2", outcome.Shape.Url);
        Assert.Contains(KeyValuePair.Create("X-Invoice", "INV-7"), outcome.Shape.Headers);
    }

    [Fact]
    public void Transformation_can_cancel() =>
        Assert.True(Custom("function handler(w) { w.cancel = true; return w; }").Cancelled);

    [Fact]
    public void Transformation_may_not_change_the_address() =>
        Assert.Contains("query only", Custom("function handler(w) { w.url = 'https://evil.test/'; return w; }").Error);

    [Theory]
    [InlineData("function handler(w) { throw new Error('boom'); }", "boom")]
    [InlineData("function handler(w) { while (true) {} }", "stopped")]
    [InlineData("function handler(w) { var a = []; while (true) { a.push('xxxxxxxxxxxxxxxxxxxxxxxx' + a.length); } }", "stopped")]
    [InlineData("function handler(w) { return handler(w); }", "stopped")]
    [InlineData("function handler(w) { return System.IO.File.ReadAllText('/etc/passwd'); }", "System")]
    [InlineData("function handler(w) {", "Syntax error")]
    public void Failing_transformations_become_readable_errors(string script, string expected)
    {
        var outcome = Custom(script);
        Assert.Null(outcome.Shape);
        Assert.Contains(expected, outcome.Error);
    }

    [Fact]
    public void Liquid_template_renders_the_body_with_the_secret_in_it()
    {
        var outcome = Custom(template: """{"invoiceGuid":{{ data.invoiceId | json }},"paid":{{ data.paidAmount }}}""", secretInBody: true);
        Assert.Null(outcome.Error);
        using var body = JsonDocument.Parse(outcome.Shape!.Body);
        Assert.Equal("b3c1", body.RootElement.GetProperty("invoiceGuid").GetString());
        Assert.Equal(1250.5m, body.RootElement.GetProperty("paid").GetDecimal());
        Assert.Equal("mySecret", body.RootElement.GetProperty("secret").GetString());
    }

    [Fact]
    public void Built_in_formats_need_no_shaping() =>
        Assert.Same(ShapeOutcome.BuiltIn, Shaper.Shape(Paid, new ShapeRequest(SubscriptionKind.Webhook,
            new PayloadShape(PayloadFormat.Accredit), "https://example.com/", "POST")));

    [Fact]
    public void Slack_message_has_text_and_blocks()
    {
        var outcome = Shaper.Shape(Paid, new ShapeRequest(SubscriptionKind.Slack, PayloadShape.Standard,
            "https://hooks.slack.com/services/x", "POST", DeliveryLink: "https://portal.example/d/1"));
        using var body = JsonDocument.Parse(outcome.Shape!.Body);
        Assert.Contains("invoice.paid", body.RootElement.GetProperty("text").GetString());
        var blocks = body.RootElement.GetProperty("blocks").EnumerateArray().ToList();
        Assert.All(blocks, b => Assert.Contains(b.GetProperty("type").GetString(), BlockTypes));
        Assert.Contains("https://portal.example/d/1", outcome.Shape.Body);
    }

    [Fact]
    public void Teams_message_carries_an_adaptive_card()
    {
        var outcome = Shaper.Shape(Paid, new ShapeRequest(SubscriptionKind.Teams, PayloadShape.Standard,
            "https://example.webhook.office.com/x", "POST", DeliveryLink: "https://portal.example/d/1"));
        using var body = JsonDocument.Parse(outcome.Shape!.Body);
        Assert.Equal("message", body.RootElement.GetProperty("type").GetString());
        var attachment = body.RootElement.GetProperty("attachments")[0];
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        Assert.Equal("AdaptiveCard", attachment.GetProperty("content").GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("data.paidAmount > 1000 && data.currency == \"EUR\"", true)]
    [InlineData("data.paidAmount > 5000", false)]
    [InlineData("type === 'invoice.paid'", true)]
    [InlineData("data.nope.deeper", false)]
    public void Filters_match_the_event(string filter, bool expected) =>
        Assert.Equal(expected, new ContentFilters(_sandbox, NullLogger<ContentFilters>.Instance).Matches(filter, Paid));
}
