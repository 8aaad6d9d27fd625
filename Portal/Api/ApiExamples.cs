using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Portal.Api;

/// <summary>Request and response examples of the main routes in the OpenAPI document (the walkthrough of the README:
/// get a token, create a tenant, subscribe an endpoint, publish).</summary>
internal static class ApiExamples
{
    private const string EventId = "0195f3a4-7c1e-7a2b-9d3e-5f6a7b8c9d0e";
    private const string TenantId = "0195f3a4-1111-7a2b-9d3e-5f6a7b8c9d0e";

    private static readonly Dictionary<string, (string? Request, string? ResponseStatus, string? Response)> Examples = new()
    {
        ["issueToken"] = (null, "200", """{"access_token":"pat_4f9c…","token_type":"bearer","expires_in":3600}"""),
        ["createTenant"] = ("""{"externalId":"customer-42","name":"Acme Ltd"}""", "201",
            $$"""{"id":"{{TenantId}}","externalId":"customer-42","name":"Acme Ltd","status":"active","createdAt":"2026-12-03T08:00:00Z"}"""),
        ["createSubscription"] = ("""
            {"name":"Invoices to ERP","url":"https://erp.example.com/webhooks/portal","eventTypes":["invoice.status"],
             "signing":{"scheme":"standard-webhooks"},"retry":{"preset":"standard"}}
            """, null, null),
        ["publishEvent"] = ("""
            {"eventType":"invoice.status","tenantExternalId":"customer-42","idempotencyKey":"invoice-1001-paid",
             "data":{"invoiceId":"1001","status":"paid"}}
            """, "202", $$"""{"id":"{{EventId}}","deliveries":1}"""),
        ["publishEvents"] = ("""
            {"events":[{"eventType":"invoice.status","tenantExternalId":"customer-42","data":{"invoiceId":"1001","status":"paid"}},
                       {"eventType":"invoice.status","tenantExternalId":"customer-43","data":{"invoiceId":"2002","status":"sent"}}]}
            """, "200", $$"""{"results":[{"index":0,"status":202,"id":"{{EventId}}","deliveries":1},{"index":1,"status":202,"id":"0195f3a4-7c1f-7a2b-9d3e-5f6a7b8c9d0e","deliveries":2}]}"""),
    };

    public static void Apply(string operationId, OpenApiOperation operation)
    {
        if (!Examples.TryGetValue(operationId, out var example))
            return;
        if (example.Request is { } request && operation.RequestBody?.Content?.TryGetValue("application/json", out var body) == true)
            body.Example = JsonNode.Parse(request);
        if (example.ResponseStatus is { } status && operation.Responses?.TryGetValue(status, out var response) == true
            && response.Content?.TryGetValue("application/json", out var content) == true)
            content.Example = JsonNode.Parse(example.Response!);
    }
}
