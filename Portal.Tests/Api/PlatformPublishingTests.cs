using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

/// <summary>Publishing by the platform's external id, single and in batches, and the refusals around it.</summary>
public abstract class PlatformPublishingTests(PortalAppFactory host)
{
    [Fact]
    public async Task Publishing_by_external_id_fans_out_to_that_tenants_subscriptions_only()
    {
        using var platform = await host.CreatePlatformClientAsync();
        using var target = await host.CreateApiTenantAsync("By external id");
        using var other = await host.CreateApiTenantAsync("Not targeted");
        await using var receiver = await WebhookReceiver.StartAsync();
        await target.Client.CreateSubscriptionAsync(receiver.Url("/target"));
        await other.Client.CreateSubscriptionAsync(receiver.Url("/other"));
        var externalId = await platform.SetExternalIdAsync(target.Id, "pub");

        using var response = await platform.PostJsonAsync("events",
            new { eventType = "invoice.status", data = new { invoiceId = "INV-9" }, tenantExternalId = externalId });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var published = await response.JsonAsync();
        Assert.Equal(1, published["deliveries"]!.GetValue<int>());
        Assert.Null(published["warnings"]);
        var request = Assert.Single(await receiver.WaitForAsync(1));
        Assert.Contains(target.Id.ToString(), request.Body, StringComparison.OrdinalIgnoreCase);
        await Task.Delay(500);
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task An_unknown_external_id_is_404_and_two_disagreeing_tenants_are_400()
    {
        using var platform = await host.CreatePlatformClientAsync();
        using var tenant = await host.CreateApiTenantAsync("Agree");
        using var other = await host.CreateApiTenantAsync("Disagree");
        var externalId = await platform.SetExternalIdAsync(tenant.Id, "agree");

        using var unknown = await platform.PostJsonAsync("events",
            new { eventType = "invoice.status", data = new { }, tenantExternalId = "nobody-" + Guid.NewGuid() });
        using var disagree = await platform.PostJsonAsync("events",
            new { eventType = "invoice.status", data = new { }, tenantId = other.Id, tenantExternalId = externalId });
        using var agree = await platform.PostJsonAsync("events",
            new { eventType = "invoice.status", data = new { }, tenantId = tenant.Id, tenantExternalId = externalId });

        await unknown.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("tenantExternalId", (await disagree.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors());
        Assert.Equal(HttpStatusCode.Accepted, agree.StatusCode);
    }

    [Fact]
    public async Task A_tenant_key_cannot_publish_with_another_tenants_external_id()
    {
        using var platform = await host.CreatePlatformClientAsync();
        using var tenant = await host.CreateApiTenantAsync("Own key");
        using var victim = await host.CreateApiTenantAsync("Victim");
        var own = await platform.SetExternalIdAsync(tenant.Id, "own");
        var theirs = await platform.SetExternalIdAsync(victim.Id, "victim");

        using var single = await tenant.Client.PostJsonAsync("events",
            new { eventType = "invoice.status", data = new { }, tenantExternalId = theirs });
        using var unknown = await tenant.Client.PostJsonAsync("events",
            new { eventType = "invoice.status", data = new { }, tenantExternalId = "nobody-" + Guid.NewGuid() });
        using var batch = await tenant.Client.PostJsonAsync("events/batch", new
        {
            events = new object[]
            {
                new { eventType = "invoice.status", data = new { }, tenantExternalId = theirs },
                new { eventType = "invoice.status", data = new { }, tenantId = victim.Id },
                new { eventType = "invoice.status", data = new { }, tenantExternalId = own },
                new { eventType = "invoice.status", data = new { } },
            },
        });

        // Another tenant's id and an id nobody has are refused alike: nothing tells whether the tenant exists.
        Assert.Contains("tenantExternalId", (await single.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors());
        Assert.Contains("tenantExternalId", (await unknown.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors());
        Assert.Equal((HttpStatusCode)207, batch.StatusCode);
        var statuses = Statuses(await batch.JsonAsync());
        Assert.Equal([400, 400, 202, 202], statuses);
        Assert.Equal(0, await EventCountAsync(victim.Id));
        Assert.Equal(2, await EventCountAsync(tenant.Id));
    }

    [Fact]
    public async Task A_batch_of_good_events_answers_200_with_one_result_each_in_order()
    {
        using var platform = await host.CreatePlatformClientAsync();
        using var first = await host.CreateApiTenantAsync("Batch one");
        using var second = await host.CreateApiTenantAsync("Batch two");
        await first.Client.CreateSubscriptionAsync("http://127.0.0.1:9/one");
        await first.Client.CreateSubscriptionAsync("http://127.0.0.1:9/two", "invoice.status", "invoice.inbound");
        var externalId = await platform.SetExternalIdAsync(first.Id, "batch");

        using var response = await platform.PostJsonAsync("events/batch", new
        {
            events = new object[]
            {
                new { eventType = "invoice.status", data = new { n = 0 }, tenantExternalId = externalId },
                new { eventType = "invoice.inbound", data = new { n = 1 }, tenantId = first.Id },
                new { eventType = "invoice.status", data = new { n = 2 }, tenantId = second.Id, idempotencyKey = "k-2" },
            },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.JsonAsync();
        var results = answer["results"]!.AsArray();
        Assert.Equal([0, 1, 2], results.Select(r => r!["index"]!.GetValue<int>()));
        Assert.Equal([202, 202, 202], Statuses(answer));
        Assert.Equal([2, 1, 0], results.Select(r => r!["deliveries"]!.GetValue<int>()));
        Assert.All(results, r => Assert.Null(r!["error"]));
        Assert.Equal(3, results.Select(r => r!["id"]!.GetValue<Guid>()).Distinct().Count());
        Assert.Equal(2, await EventCountAsync(first.Id));
        Assert.Equal(3, await DeliveryCountAsync(first.Id));
        Assert.Equal(1, await EventCountAsync(second.Id));
    }

    [Fact]
    public async Task A_batch_with_bad_events_answers_207_and_keeps_the_good_ones()
    {
        using var platform = await host.CreatePlatformClientAsync();
        using var tenant = await host.CreateApiTenantAsync("Mixed batch");
        var key = "order-" + Guid.NewGuid();
        var body = $$"""
            {"events":[
              {"eventType":"invoice.status","data":{"ok":1},"tenantId":"{{tenant.Id}}"},
              {"eventType":"nothing.here","data":{},"tenantId":"{{tenant.Id}}"},
              null,
              {"eventType":5,"data":{},"tenantId":"{{tenant.Id}}"},
              {"eventType":"invoice.status","data":{},"tenantExternalId":"nobody-{{Guid.NewGuid()}}"},
              {"eventType":"invoice.status","data":{"ok":2},"tenantId":"{{tenant.Id}}","idempotencyKey":"{{key}}"},
              {"eventType":"invoice.status","data":{"ok":3},"tenantId":"{{tenant.Id}}","idempotencyKey":"{{key}}"},
              {"eventType":"invoice.status","data":[1,2],"tenantId":"{{tenant.Id}}"},
              {"eventType":"invoice.status","data":{},"tenantId":"not-a-guid"}
            ]}
            """;

        using var response = await platform.PostAsync(ApiTestHelpers.Api("events/batch"),
            new StringContent(body, Encoding.UTF8, "application/json"));
        using var repeat = await platform.PostJsonAsync("events/batch",
            new { events = new[] { new { eventType = "invoice.status", data = new { }, tenantId = tenant.Id, idempotencyKey = key } } });

        Assert.Equal((HttpStatusCode)207, response.StatusCode);
        var answer = await response.JsonAsync();
        Assert.Equal([202, 400, 400, 400, 404, 202, 200, 400, 400], Statuses(answer));
        var results = answer["results"]!.AsArray();
        Assert.Contains("eventType", results[1]!["error"]!["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(404, results[4]!["error"]!["status"]!.GetValue<int>());
        Assert.Contains("data", results[7]!["error"]!["errors"]!.AsObject().Select(e => e.Key));
        Assert.Contains("tenantId", results[8]!["error"]!["errors"]!.AsObject().Select(e => e.Key));
        Assert.True(results[6]!["duplicate"]!.GetValue<bool>());
        Assert.Equal(results[5]!["id"]!.GetValue<Guid>(), results[6]!["id"]!.GetValue<Guid>());
        Assert.Equal(2, await EventCountAsync(tenant.Id));
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        var repeated = (await repeat.JsonAsync())["results"]![0]!;
        Assert.Equal(200, repeated["status"]!.GetValue<int>());
        Assert.Equal(results[5]!["id"]!.GetValue<Guid>(), repeated["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Oversized_empty_and_malformed_batches_are_problems()
    {
        using var platform = await host.CreatePlatformClientAsync();
        using var tenant = await host.CreateApiTenantAsync("Big batch");
        var events = Enumerable.Range(0, 501).Select(i => new { eventType = "invoice.status", data = new { i } }).ToList();

        using var tooMany = await tenant.Client.PostJsonAsync("events/batch", new { events });
        using var empty = await tenant.Client.PostJsonAsync("events/batch", new { events = Array.Empty<object>() });
        using var notAList = await tenant.Client.PostAsync(ApiTestHelpers.Api("events/batch"),
            new StringContent("""{"events":5}""", Encoding.UTF8, "application/json"));
        using var malformed = await tenant.Client.PostAsync(ApiTestHelpers.Api("events/batch"),
            new StringContent("""{"events":[{"eventType":""", Encoding.UTF8, "application/json"));
        using var exactly500 = await tenant.Client.PostJsonAsync("events/batch", new { events = events.Take(500) });

        Assert.Contains("events", (await tooMany.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors());
        Assert.Contains("events", (await empty.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors());
        await notAList.ProblemAsync(HttpStatusCode.BadRequest);
        await malformed.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.OK, exactly500.StatusCode);
        Assert.Equal(500, await EventCountAsync(tenant.Id));
    }

    private static int[] Statuses(JsonNode answer) =>
        [.. answer["results"]!.AsArray().Select(r => r!["status"]!.GetValue<int>())];

    private async Task<int> EventCountAsync(Guid tenantId)
    {
        await using var scope = host.CreateScope();
        return await scope.Get<PortalDbContext>().Events.IgnoreQueryFilters().CountAsync(e => e.TenantId == tenantId);
    }

    private async Task<int> DeliveryCountAsync(Guid tenantId)
    {
        await using var scope = host.CreateScope();
        return await scope.Get<PortalDbContext>().Deliveries.IgnoreQueryFilters().CountAsync(d => d.TenantId == tenantId);
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqlitePlatformPublishingTests(SqliteHost host) : PlatformPublishingTests(host.Factory);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresPlatformPublishingTests(PostgresHost host) : PlatformPublishingTests(host.Factory);
