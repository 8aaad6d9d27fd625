using Portal.Notifications;

namespace Portal.Tests.Notifications;

public sealed class NotificationTemplateTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Render_fills_every_placeholder_and_keeps_escaped_braces()
    {
        var values = FailureFacts.Sample("https://portal.example.test/", Now).ToValues();

        var text = NotificationTemplate.Render("{subscription} @ {url} for {tenant}: {failure_count} since {failing_since} {{x}} {history_link}", values);

        Assert.Equal("Invoices to ERP @ https://erp.example.com/webhooks/portal for Acme: 2 since 2026-11-22 09:18 UTC {x} " +
                     "https://portal.example.test/subscriptions/0199a000-0000-7000-8000-00000000cafe", text);
    }

    [Fact]
    public void Every_placeholder_has_a_value_and_the_defaults_use_only_known_ones()
    {
        var values = FailureFacts.Sample(null, Now).ToValues();

        Assert.Equal(NotificationTemplate.Placeholders.Keys.Order(), values.Keys.Order());
        Assert.Empty(NotificationTemplate.UnknownPlaceholders(NotificationTemplate.DefaultSubject));
        Assert.Empty(NotificationTemplate.UnknownPlaceholders(NotificationTemplate.DefaultBody));
    }

    [Theory]
    [InlineData("Down: {subscripton} and {Tenant}", "{subscripton},{Tenant}")]
    [InlineData("{{not_a_placeholder}} {failures}", "")]
    [InlineData("{ spaced } {}", "")]
    public void Unknown_placeholders_are_found(string template, string expected)
    {
        Assert.Equal(expected, string.Join(',', NotificationTemplate.UnknownPlaceholders(template)));
    }

    [Fact]
    public void Last_error_drops_the_lines_timestamp()
    {
        Assert.Equal("Delivery x gave up: HTTP 500.", FailureFacts.WithoutTimestamp("2026-11-22 10:00:00Z  Delivery x gave up: HTTP 500."));
        Assert.Equal("no timestamp", FailureFacts.WithoutTimestamp("no timestamp"));
    }
}
