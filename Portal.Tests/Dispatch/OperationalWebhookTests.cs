using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Portal.Client;
using Portal.Data;
using Portal.Identity;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Dispatch;

/// <summary>Operational webhooks: a tenant subscribes an endpoint to Portal's own events about its other endpoints;
/// they arrive at a real receiver on 127.0.0.1, signed like any delivery.</summary>
[Collection(SqliteHostCollection.Name)]
public sealed class OperationalWebhookTests(SqliteHost fixture)
{
    [Fact]
    public async Task Failing_exhausted_recovered_and_disabled_arrive_signed_and_failing_is_throttled()
    {
        using var tenant = await fixture.Factory.CreateApiTenantAsync("Operational");
        await using var operations = await WebhookReceiver.StartAsync();
        // The watched endpoint: 500, then 200, then 410 Gone (disabled).
        await using var endpoint = await WebhookReceiver.StartWithStatusesAsync(500, 200, 410);
        var ops = await tenant.Client.CreateSubscriptionAsync(operations.Url("/ops"),
            "endpoint.failing", "delivery.exhausted", "endpoint.recovered", "endpoint.disabled");
        using (var created = await tenant.Client.PostJsonAsync("subscriptions", new
        {
            name = "Watched",
            url = endpoint.Url("/watched"),
            eventTypes = ApiTestHelpers.Types("invoice.status"),
            retry = new { preset = "akuiteo-test", maxAttempts = 1 },
        }))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        await tenant.Client.PublishAsync();
        await WaitForTypesAsync(operations, "endpoint.failing", "delivery.exhausted");
        await tenant.Client.PublishAsync();
        await WaitForTypesAsync(operations, "endpoint.recovered");
        await tenant.Client.PublishAsync();
        await WaitForTypesAsync(operations, "endpoint.disabled");

        var received = operations.Received;
        // The second failure (410) falls in the same notification window as the first: no second endpoint.failing.
        Assert.Single(received, r => Type(r) == "endpoint.failing");
        var verifier = WebhookVerifier.StandardWebhooks(ops["secret"]!.GetValue<string>());
        Assert.All(received, r => Assert.True(verifier.TryVerify(r.Headers, r.Body, out var failure), failure));
        var disabled = JsonNode.Parse(received.First(r => Type(r) == "endpoint.disabled").Body)!["data"]!;
        Assert.Equal(endpoint.Url("/watched"), disabled["url"]!.GetValue<string>());
        Assert.Equal(tenant.Tenant.Id, disabled["tenantId"]!.GetValue<Guid>());
        var exhausted = JsonNode.Parse(received.First(r => Type(r) == "delivery.exhausted").Body)!["data"]!;
        Assert.Equal("invoice.status", exhausted["eventType"]!.GetValue<string>());
    }

    /// <summary>The operators' copy: a tenant that holds an Admin user gets the events about every tenant's
    /// endpoints, with the tenant they concern.</summary>
    [Fact]
    public async Task The_operators_tenant_receives_the_events_about_another_tenants_endpoint()
    {
        using var operators = await fixture.Factory.CreateApiTenantAsync("Operators");
        await using (var scope = fixture.Factory.CreateScope())
        {
            var users = scope.Get<UserManager<PortalUser>>();
            var owner = await users.FindByIdAsync(operators.Tenant.Owner.Id);
            Assert.True((await users.AddToRoleAsync(owner!, PortalRoles.Admin)).Succeeded);
        }

        await using var watch = await WebhookReceiver.StartAsync();
        await operators.Client.CreateSubscriptionAsync(watch.Url("/ops"), "endpoint.disabled");
        using var customer = await fixture.Factory.CreateApiTenantAsync("Customer of operators");
        await using var gone = await WebhookReceiver.StartWithStatusesAsync(410);
        using (var created = await customer.Client.PostJsonAsync("subscriptions", new
        {
            name = "Gone",
            url = gone.Url("/gone"),
            eventTypes = ApiTestHelpers.Types("invoice.status"),
        }))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        await customer.Client.PublishAsync();

        // Other tests share this host: pick the event about this customer.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        JsonNode? about = null;
        while (about is null && DateTime.UtcNow < deadline)
        {
            about = watch.Received.Select(r => JsonNode.Parse(r.Body)!)
                .FirstOrDefault(e => e["type"]!.GetValue<string>() == "endpoint.disabled"
                                     && e["data"]!["tenantId"]!.GetValue<Guid>() == customer.Tenant.Id);
            await Task.Delay(50);
        }

        Assert.NotNull(about);
        Assert.Equal(gone.Url("/gone"), about["data"]!["url"]!.GetValue<string>());
    }

    private static string Type(ReceivedRequest request) => JsonNode.Parse(request.Body)!["type"]!.GetValue<string>();

    private static async Task WaitForTypesAsync(WebhookReceiver receiver, params string[] types)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!types.All(t => receiver.Received.Any(r => Type(r) == t)) && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        var seen = receiver.Received.Select(Type).ToList();
        Assert.True(types.All(seen.Contains), $"Expected {string.Join(", ", types)}; received {string.Join(", ", seen)}.");
    }
}
