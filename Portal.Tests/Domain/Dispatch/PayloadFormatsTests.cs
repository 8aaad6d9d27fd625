using System.Text.Json;
using Portal.Domain.Dispatch;
using Portal.Domain.Subscriptions;

namespace Portal.Tests.Domain.Dispatch;

public class PayloadFormatsTests
{
    private static readonly WebhookEvent Submitted = new(Guid.Parse("0199a000-0000-7000-8000-000000000001"), "Invoice.SUBMITTED",
        new DateTimeOffset(2022, 2, 11, 11, 26, 59, 631, TimeSpan.Zero), Guid.Empty,
        """{"id":"a18d5057-0092-4555-b865-7ade03c3ac9b","transition_name":"SUBMIT","status":"SUBMITTED","amount":12}""");

    [Fact]
    public void Accredit_body_has_Event_and_Timestamp_beside_the_fields()
    {
        using var body = JsonDocument.Parse(PayloadFormats.Body(PayloadFormat.Accredit, Submitted));
        var root = body.RootElement;
        Assert.Equal("Invoice.SUBMITTED", root.GetProperty("Event").GetString());
        Assert.Equal("2022-02-11T11:26:59.631Z", root.GetProperty("Timestamp").GetString());
        Assert.Equal(12, root.GetProperty("amount").GetInt32());
        Assert.Equal("SUBMIT", root.GetProperty("transition_name").GetString());
    }

    [Fact]
    public void Defacto_body_matches_the_seed_field_for_field()
    {
        using var body = JsonDocument.Parse(PayloadFormats.Body(PayloadFormat.Defacto, Submitted));
        var root = body.RootElement;
        Assert.Equal(["entity_type", "transition_name", "status", "timestamp", "id", "event_type", "entity_state"],
            root.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("invoice", root.GetProperty("entity_type").GetString());
        Assert.Equal("SUBMIT", root.GetProperty("transition_name").GetString());
        Assert.Equal("SUBMITTED", root.GetProperty("status").GetString());
        Assert.Equal("2022-02-11T11:26:59.631000+00:00", root.GetProperty("timestamp").GetString());
        Assert.Equal("a18d5057-0092-4555-b865-7ade03c3ac9b", root.GetProperty("id").GetString());
        Assert.Equal("Invoice.SUBMITTED", root.GetProperty("event_type").GetString());
        Assert.Equal(12, root.GetProperty("entity_state").GetProperty("amount").GetInt32());
    }

    [Fact]
    public void Data_only_and_standard_keep_their_shapes()
    {
        Assert.Equal(Submitted.Data, PayloadFormats.Body(PayloadFormat.DataOnly, Submitted));
        Assert.Equal(WebhookRequestBuilder.Envelope(Submitted), PayloadFormats.Body(PayloadFormat.Envelope, Submitted));
    }

    [Fact]
    public void Secret_in_body_is_added_to_an_object()
    {
        using var body = JsonDocument.Parse(PayloadFormats.WithSecret("""{"paymentid":"18142"}""", "mySecret"));
        Assert.Equal("mySecret", body.RootElement.GetProperty("secret").GetString());
        Assert.Equal("18142", body.RootElement.GetProperty("paymentid").GetString());
    }
}
