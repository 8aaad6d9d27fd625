using Portal.Domain.Events;

namespace Portal.Tests.Infrastructure.Builders;

public sealed class EventBuilder
{
    private Guid _tenantId = Guid.NewGuid();
    private string _type = "invoice.status";
    private string _data = """{"invoiceUuid":"01990000-0000-7000-8000-0000000000b2","afnorStatus":"APPROVED"}""";
    private string? _idempotencyKey;
    private bool _suppressed;
    private DateTimeOffset _now = TestClock.Now;

    public EventBuilder ForTenant(Guid tenantId) { _tenantId = tenantId; return this; }

    public EventBuilder OfType(string type) { _type = type; return this; }

    public EventBuilder WithData(string json) { _data = json; return this; }

    public EventBuilder WithIdempotencyKey(string? key) { _idempotencyKey = key; return this; }

    public EventBuilder WithDeliveriesSuppressed() { _suppressed = true; return this; }

    public EventBuilder At(DateTimeOffset now) { _now = now; return this; }

    public Event Build() => new(_tenantId, _type, _data, _now, _idempotencyKey, _suppressed);
}
