using Portal.Domain.Dispatch;

namespace Portal.Tests.Domain.Dispatch;

/// <summary>One event, webhook-id and send time shared by the wire-format tests.</summary>
internal static class WireFixture
{
    public const string WebhookId = "msg_0195f3a27c4e7d1a9b2f3c4d5e6f7a8b";
    public const string Data = """{ "invoiceId": "F-1",  "amount": 12.5 }""";
    public static readonly DateTimeOffset SentAt = new(2026, 3, 1, 10, 35, 0, TimeSpan.Zero);

    public static readonly WebhookEvent Event = new(
        Guid.Parse("0195f3a2-7c4e-7d1a-9b2f-3c4d5e6f7a8b"), "invoice.status",
        new DateTimeOffset(2026, 3, 1, 12, 34, 56, 789, TimeSpan.FromHours(2)),
        Guid.Parse("11111111-2222-3333-4444-555555555555"), Data);

    public static readonly WebhookRequestBuilder Builder = new("1.2.3");

    public static WebhookTarget Target(string url = "https://example.com/hook") => new() { Url = url };

    public static WebhookRequest Build(WebhookTarget target, int attempt = 0) =>
        Builder.Build(Event, WebhookId, attempt, target, SentAt);

    public static string? Header(WebhookRequest request, string name) =>
        request.Headers.SingleOrDefault(h => h.Key == name).Value;

    public static string? RedactedHeader(WebhookRequest request, string name) =>
        request.RedactedHeaders.SingleOrDefault(h => h.Key == name).Value;
}
