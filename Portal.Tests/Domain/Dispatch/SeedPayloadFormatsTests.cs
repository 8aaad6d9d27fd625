using System.Text.Json;
using Portal.Domain.Dispatch;
using Portal.Domain.Subscriptions;

namespace Portal.Tests.Domain.Dispatch;

/// <summary>Each built-in format against the body its vendor's documentation shows (seeds 000, 003, 004), field for
/// field: names, order, values and their JSON types.</summary>
public sealed class SeedPayloadFormatsTests
{
    [Fact]
    public void Accredit_reproduces_the_seed_example_exactly()
    {
        // Seed 003: {"Event": "Entity.Event", "Timestamp": "2024-05-10T11:09:21.248Z"} — base fields, then the event's.
        var evt = new WebhookEvent(Guid.CreateVersion7(), "Entity.Event",
            new DateTimeOffset(2024, 5, 10, 11, 9, 21, 248, TimeSpan.Zero), Guid.Empty, "{}");

        Assert.Equal("""{"Event":"Entity.Event","Timestamp":"2024-05-10T11:09:21.248Z"}""",
            PayloadFormats.Body(PayloadFormat.Accredit, evt));
    }

    [Fact]
    public void Accredit_keeps_the_events_fields_after_the_base_fields_in_their_order_and_types()
    {
        var evt = new WebhookEvent(Guid.CreateVersion7(), "Entity.Event",
            new DateTimeOffset(2024, 5, 10, 13, 9, 21, 248, TimeSpan.FromHours(2)), Guid.Empty,
            """{"EntityId":42,"Name":"Fund A","Active":true,"Tags":["x"],"Event":"spoofed"}""");

        Assert.Equal("""{"Event":"Entity.Event","Timestamp":"2024-05-10T11:09:21.248Z","EntityId":42,"Name":"Fund A","Active":true,"Tags":["x"]}""",
            PayloadFormats.Body(PayloadFormat.Accredit, evt));
    }

    [Fact]
    public void Defacto_reproduces_the_seed_example_field_for_field_with_microseconds()
    {
        // Seed 004, Invoice.SUBMITTED.
        var entity = """{"id":"a18d5057-0092-4555-b865-7ade03c3ac9b","transition_name":"SUBMIT","status":"SUBMITTED","total":{"amount":"120.00","currency":"EUR"}}""";
        var evt = new WebhookEvent(Guid.CreateVersion7(), "Invoice.SUBMITTED",
            new DateTimeOffset(2022, 2, 11, 11, 26, 59, TimeSpan.Zero).AddTicks(6_313_260), Guid.Empty, entity);

        var body = PayloadFormats.Body(PayloadFormat.Defacto, evt);

        Assert.Equal(
            "{\"entity_type\":\"invoice\",\"transition_name\":\"SUBMIT\",\"status\":\"SUBMITTED\"," +
            "\"timestamp\":\"2022-02-11T11:26:59.631326+00:00\",\"id\":\"a18d5057-0092-4555-b865-7ade03c3ac9b\"," +
            "\"event_type\":\"Invoice.SUBMITTED\",\"entity_state\":" + entity + "}",
            body);
    }

    [Fact]
    public void Defacto_takes_transition_and_status_from_the_type_when_the_entity_has_none()
    {
        var evt = new WebhookEvent(Guid.Parse("0199a000-0000-7000-8000-000000000009"), "Invoice.VERIFIED",
            new DateTimeOffset(2022, 2, 11, 11, 27, 0, TimeSpan.Zero), Guid.Empty, """{"number":"F-1"}""");

        using var body = JsonDocument.Parse(PayloadFormats.Body(PayloadFormat.Defacto, evt));
        var root = body.RootElement;
        Assert.Equal("VERIFIED", root.GetProperty("transition_name").GetString());
        Assert.Equal("VERIFIED", root.GetProperty("status").GetString());
        Assert.Equal("0199a000-0000-7000-8000-000000000009", root.GetProperty("id").GetString());
        Assert.Equal("2022-02-11T11:27:00.000000+00:00", root.GetProperty("timestamp").GetString());
    }

    [Fact]
    public void Data_only_sends_the_a_cube_seed_payload_byte_for_byte()
    {
        // Seed 000: the bare event as A-Cube's receivers read it.
        const string seed = """{"eventId":"019e91b7-f799-7df7-a469-4824b2656b0e","eventType":"legal_entity.onboarding","status":"ONBOARDED","legalEntityUuid":"01990000-0000-7000-8000-000000000001"}""";
        var evt = new WebhookEvent(Guid.CreateVersion7(), "legal_entity.onboarding", DateTimeOffset.UnixEpoch, Guid.Empty, seed);

        Assert.Equal(seed, PayloadFormats.Body(PayloadFormat.DataOnly, evt));
    }

    [Fact]
    public void Standard_is_the_envelope_with_id_type_timestamp_tenant_and_data_in_that_order()
    {
        var id = Guid.Parse("0199a000-0000-7000-8000-000000000001");
        var tenant = Guid.Parse("0199a000-0000-7000-8000-0000000000aa");
        var evt = new WebhookEvent(id, "invoice.status", new DateTimeOffset(2026, 11, 5, 12, 0, 0, 5, TimeSpan.Zero), tenant,
            """{"invoiceId":"INV-1"}""");

        using var body = JsonDocument.Parse(PayloadFormats.Body(PayloadFormat.Envelope, evt));
        Assert.Equal(["id", "type", "timestamp", "tenantId", "data"], body.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(id.ToString(), body.RootElement.GetProperty("id").GetString());
        Assert.Equal("invoice.status", body.RootElement.GetProperty("type").GetString());
        Assert.Equal("2026-11-05T12:00:00.005Z", body.RootElement.GetProperty("timestamp").GetString());
        Assert.Equal(tenant.ToString(), body.RootElement.GetProperty("tenantId").GetString());
        Assert.Equal("INV-1", body.RootElement.GetProperty("data").GetProperty("invoiceId").GetString());
    }
}
