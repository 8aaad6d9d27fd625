using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Access;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

[Collection(SqliteHostCollection.Name)]
public sealed class EventsApiTests(SqliteHost fixture)
{
    private readonly PortalAppFactory _host = fixture.Factory;

    [Fact]
    public async Task Event_types_list_the_catalogue()
    {
        using var tenant = await _host.CreateApiTenantAsync("Catalogue");

        using var response = await tenant.Client.GetAsync(ApiTestHelpers.Api("event-types"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var invoice = (await response.JsonAsync()).AsArray().Single(t => t!["name"]!.GetValue<string>() == "invoice.status")!;
        Assert.False(string.IsNullOrEmpty(invoice["category"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(invoice["samplePayload"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Publishing_answers_202_with_the_fan_out()
    {
        using var tenant = await _host.CreateApiTenantAsync("Publish");
        await using var receiver = await WebhookReceiver.StartAsync();
        await tenant.Client.CreateSubscriptionAsync(receiver.Url(), "invoice.status");
        await tenant.Client.CreateSubscriptionAsync(receiver.Url(), "invoice.status", "invoice.inbound");

        var published = await tenant.Client.PublishAsync();

        Assert.Equal(2, published["deliveries"]!.GetValue<int>());
        await receiver.WaitForAsync(2);
    }

    [Fact]
    public async Task Repeated_idempotency_key_answers_200_with_the_original_event()
    {
        using var tenant = await _host.CreateApiTenantAsync("Idempotent");
        var first = await tenant.Client.PublishAsync(idempotencyKey: "order-42");

        using var again = await tenant.Client.PostJsonAsync("events",
            new { eventType = "invoice.status", data = new { other = true }, idempotencyKey = "order-42" });

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(first["id"]!.GetValue<Guid>(), (await again.JsonAsync())["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task X_DisableEndpoints_stores_the_event_without_deliveries()
    {
        using var tenant = await _host.CreateApiTenantAsync("Suppressed");
        await tenant.Client.CreateSubscriptionAsync("http://127.0.0.1:9/hook");
        using var request = new HttpRequestMessage(HttpMethod.Post, ApiTestHelpers.Api("events"))
        {
            Content = JsonContent.Create(new { eventType = "invoice.status", data = new { a = 1 } }),
        };
        request.Headers.Add("X-DisableEndpoints", "true");

        using var response = await tenant.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(0, body["deliveries"]!.GetValue<int>());
        await using var scope = _host.CreateScope();
        var stored = await scope.Get<PortalDbContext>().Events.IgnoreQueryFilters().AsNoTracking()
            .SingleAsync(e => e.Id == body["id"]!.GetValue<Guid>());
        Assert.True(stored.DeliveriesSuppressed);
    }

    [Fact]
    public async Task Invalid_events_come_back_as_field_errors()
    {
        using var tenant = await _host.CreateApiTenantAsync("Invalid event");

        using var unknownType = await tenant.Client.PostJsonAsync("events", new { eventType = "nothing.here", data = new { } });
        using var noData = await tenant.Client.PostJsonAsync("events", new { eventType = "invoice.status" });

        Assert.Contains("eventType", (await unknownType.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors());
        Assert.Contains("data", (await noData.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors());
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        using var tenant = await _host.CreateApiTenantAsync("Malformed");

        using var response = await tenant.Client.PostAsync(ApiTestHelpers.Api("events"),
            new StringContent("{\"eventType\":", Encoding.UTF8, "application/json"));

        await response.ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Body_over_the_limit_is_413()
    {
        using var tenant = await _host.CreateApiTenantAsync("Large");
        var big = new string('x', 300 * 1024);

        using var response = await tenant.Client.PostJsonAsync("events", new { eventType = "invoice.status", data = new { big } });

        await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Platform_key_publishes_for_the_tenant_named_in_the_body()
    {
        using var tenant = await _host.CreateApiTenantAsync("Platform target");
        await using var receiver = await WebhookReceiver.StartAsync();
        await tenant.Client.CreateSubscriptionAsync(receiver.Url());
        var (key, value) = ApiKey.Create(null, "backend", DateTimeOffset.UtcNow);
        await using (var scope = _host.CreateScope())
        {
            var db = scope.Get<PortalDbContext>();
            db.ApiKeys.Add(key);
            await db.SaveChangesAsync();
        }
        using var platform = _host.ClientWithKey(value);

        using var withoutTenant = await platform.PostJsonAsync("events", new { eventType = "invoice.status", data = new { } });
        using var response = await platform.PostJsonAsync("events",
            new { eventType = "invoice.status", data = new { a = 1 }, tenantId = tenant.Id });

        Assert.Contains("tenantId", (await withoutTenant.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, (await response.JsonAsync())["deliveries"]!.GetValue<int>());
        await receiver.WaitForAsync(1);
    }

    [Fact]
    public async Task A_tenant_key_cannot_publish_for_another_tenant()
    {
        using var tenant = await _host.CreateApiTenantAsync("Own only");
        using var other = await _host.CreateApiTenantAsync("Other target");

        using var response = await tenant.Client.PostJsonAsync("events",
            new { eventType = "invoice.status", data = new { }, tenantId = other.Id });

        Assert.Contains("tenantId", (await response.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors());
    }
}
