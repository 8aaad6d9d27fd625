using Portal.Domain.Deliveries;

namespace Portal.Tests.Infrastructure.Builders;

public sealed class AttemptBuilder
{
    private Delivery? _delivery;
    private int _number;
    private AttemptTrigger _trigger = AttemptTrigger.Automatic;
    private string? _triggeredBy;
    private DateTimeOffset _startedAt = TestClock.Now;
    private string _url = "https://receiver.example.com/webhooks";
    private string _headers = """{"Content-Type":"application/json"}""";
    private string? _body = """{"type":"invoice.status"}""";

    public AttemptBuilder Of(Delivery delivery) { _delivery = delivery; return this; }

    public AttemptBuilder Numbered(int number) { _number = number; return this; }

    public AttemptBuilder TriggeredManuallyBy(string user) { _trigger = AttemptTrigger.Manual; _triggeredBy = user; return this; }

    public AttemptBuilder At(DateTimeOffset startedAt) { _startedAt = startedAt; return this; }

    public AttemptBuilder WithRequest(string url, string headers, string? body) { _url = url; _headers = headers; _body = body; return this; }

    public Attempt Build() =>
        new(_delivery ?? new DeliveryBuilder().Build(), _number, _trigger, _triggeredBy, _startedAt, _url, _headers, _body);
}
