namespace Portal.Domain.Catalogue;

/// <summary>Portal's own events about the health of endpoints (operational webhooks): a tenant subscribes to them for
/// its own endpoints, the operators' tenant receives them for every tenant's. They are delivered like any event.</summary>
public static class OperationalEventTypes
{
    public const string Category = "Portal";
    public const string EndpointDisabled = "endpoint.disabled";
    public const string EndpointFailing = "endpoint.failing";
    public const string DeliveryExhausted = "delivery.exhausted";
    public const string EndpointRecovered = "endpoint.recovered";

    public static readonly IReadOnlyList<string> Names = [EndpointDisabled, EndpointFailing, DeliveryExhausted, EndpointRecovered];

    public static bool IsOperational(string eventType) => Names.Contains(eventType, StringComparer.Ordinal);

    public static IReadOnlyList<EventType> Create() =>
    [
        new(EndpointDisabled, Category, "An endpoint was disabled (410 Gone, or sustained failure).",
            """{"tenantId":"01990000-0000-7000-8000-000000000001","subscriptionId":"01990000-0000-7000-8000-0000000000c1","subscriptionName":"ERP","url":"https://erp.example.com/hooks","reason":"Disabled automatically: 50 failed attempts in a row."}"""),
        new(EndpointFailing, Category, "An endpoint keeps failing (at most once per notification window, like the failure e-mail).",
            """{"tenantId":"01990000-0000-7000-8000-000000000001","subscriptionId":"01990000-0000-7000-8000-0000000000c1","subscriptionName":"ERP","url":"https://erp.example.com/hooks","consecutiveFailures":3,"reason":"HTTP 500"}"""),
        new(DeliveryExhausted, Category, "A delivery gave up after its last retry.",
            """{"tenantId":"01990000-0000-7000-8000-000000000001","subscriptionId":"01990000-0000-7000-8000-0000000000c1","subscriptionName":"ERP","url":"https://erp.example.com/hooks","deliveryId":"01990000-0000-7000-8000-0000000000d1","eventType":"invoice.status","attempts":8,"reason":"HTTP 500"}"""),
        new(EndpointRecovered, Category, "A failing endpoint answered successfully again.",
            """{"tenantId":"01990000-0000-7000-8000-000000000001","subscriptionId":"01990000-0000-7000-8000-0000000000c1","subscriptionName":"ERP","url":"https://erp.example.com/hooks"}"""),
    ];
}
