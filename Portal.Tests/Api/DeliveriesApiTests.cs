using System.Net;
using System.Text.Json.Nodes;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

[Collection(SqliteHostCollection.Name)]
public sealed class DeliveriesApiTests(SqliteHost fixture)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly PortalAppFactory _host = fixture.Factory;

    [Fact]
    public async Task Deliveries_are_listed_newest_first_with_a_cursor_until_the_end()
    {
        using var tenant = await _host.CreateApiTenantAsync("Paging");
        await using var receiver = await WebhookReceiver.StartAsync();
        await tenant.Client.CreateSubscriptionAsync(receiver.Url(), "invoice.status");
        await tenant.Client.CreateSubscriptionAsync(receiver.Url(), "invoice.status");
        var published = new List<Guid>();
        for (var i = 0; i < 3; i++)
            published.Add((await tenant.Client.PublishAsync())["id"]!.GetValue<Guid>());

        var seen = new List<JsonNode>();
        string? cursor = null;
        for (var page = 0; page < 10; page++)
        {
            using var response = await tenant.Client.GetAsync(ApiTestHelpers.Api(
                $"deliveries?limit=4{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.JsonAsync();
            seen.AddRange(body["items"]!.AsArray().Select(x => x!));
            cursor = body["nextCursor"]?.GetValue<string>();
            if (cursor is null)
                break;
        }

        Assert.Equal(6, seen.Count);
        Assert.Equal(6, seen.Select(d => d["id"]!.GetValue<Guid>()).Distinct().Count());
        var created = seen.Select(d => d["createdAt"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(created.OrderByDescending(c => c), created);
        Assert.Equal(published[^1], seen[0]["eventId"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Filters_narrow_the_list()
    {
        using var tenant = await _host.CreateApiTenantAsync("Filters");
        await using var ok = await WebhookReceiver.StartAsync();
        await using var failing = await WebhookReceiver.StartWithStatusesAsync(500, 500, 500, 500);
        var good = (await tenant.Client.CreateSubscriptionAsync(ok.Url(), "invoice.status"))["id"]!.GetValue<Guid>();
        var bad = (await tenant.Client.CreateSubscriptionAsync(failing.Url(), "invoice.inbound"))["id"]!.GetValue<Guid>();
        await tenant.Client.PublishAsync("invoice.status");
        await tenant.Client.PublishAsync("invoice.inbound");
        await ok.WaitForAsync(1);
        await failing.WaitForAsync(1);

        var retrying = await WaitForListAsync(tenant, "deliveries?status=retrying", items => items.Count == 1);
        using var bySubscription = await tenant.Client.GetAsync(ApiTestHelpers.Api($"deliveries?subscriptionId={good}"));
        using var byType = await tenant.Client.GetAsync(ApiTestHelpers.Api("deliveries?eventType=invoice.inbound"));
        using var future = await tenant.Client.GetAsync(ApiTestHelpers.Api(
            $"deliveries?from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"))}"));

        Assert.Equal(bad, retrying[0]!["subscriptionId"]!.GetValue<Guid>());
        Assert.Equal(good, Assert.Single((await bySubscription.JsonAsync())["items"]!.AsArray())!["subscriptionId"]!.GetValue<Guid>());
        Assert.Equal(bad, Assert.Single((await byType.JsonAsync())["items"]!.AsArray())!["subscriptionId"]!.GetValue<Guid>());
        Assert.Empty((await future.JsonAsync())["items"]!.AsArray());
    }

    [Fact]
    public async Task Invalid_list_parameters_are_field_errors()
    {
        using var tenant = await _host.CreateApiTenantAsync("Bad paging");

        using var response = await tenant.Client.GetAsync(ApiTestHelpers.Api("deliveries?limit=101&status=lost&cursor=%21%21"));

        var fields = (await response.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors();
        Assert.Equal(["cursor", "limit", "status"], fields.Order().ToArray());
    }

    [Fact]
    public async Task Delivery_detail_shows_attempts_and_retrigger_sends_it_again()
    {
        using var tenant = await _host.CreateApiTenantAsync("Detail");
        await using var receiver = await WebhookReceiver.StartAsync();
        await tenant.Client.CreateSubscriptionAsync(receiver.Url());
        await tenant.Client.PublishAsync();
        var delivery = (await WaitForListAsync(tenant, "deliveries?status=succeeded", items => items.Count == 1))[0]!;
        var id = delivery["id"]!.GetValue<Guid>();

        using var retrigger = await tenant.Client.PostAsync(ApiTestHelpers.Api($"deliveries/{id}/retrigger"), null);
        await receiver.WaitForAsync(2);
        var detail = await WaitForDetailAsync(tenant, id, d => d["attempts"]!.AsArray().Count == 2);

        Assert.Equal(HttpStatusCode.Accepted, retrigger.StatusCode);
        var attempts = detail["attempts"]!.AsArray();
        Assert.Equal("automatic", attempts[0]!["trigger"]!.GetValue<string>());
        Assert.Equal(200, attempts[0]!["response"]!["status"]!.GetValue<int>());
        Assert.Equal("manual", attempts[1]!["trigger"]!.GetValue<string>());
        Assert.Equal(receiver.Received[0].Header("webhook-id"), receiver.Received[1].Header("webhook-id"));
    }

    [Fact]
    public async Task Bulk_retrigger_runs_as_a_job_whose_progress_can_be_read()
    {
        using var tenant = await _host.CreateApiTenantAsync("Bulk");
        await using var receiver = await WebhookReceiver.StartWithStatusesAsync(500, 500);
        var id = (await tenant.Client.CreateSubscriptionAsync(receiver.Url()))["id"]!.GetValue<Guid>();
        await tenant.Client.PublishAsync();
        await tenant.Client.PublishAsync();
        await WaitForListAsync(tenant, "deliveries?status=retrying", items => items.Count == 2);

        using var start = await tenant.Client.PostJsonAsync("deliveries/retrigger", new { filter = new { subscriptionId = id } });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var jobId = (await start.JsonAsync())["jobId"]!.GetValue<Guid>();

        JsonNode job = new JsonObject();
        var deadline = DateTime.UtcNow + Bound;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await tenant.Client.GetAsync(ApiTestHelpers.Api($"jobs/{jobId}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            job = await response.JsonAsync();
            if (job["status"]!.GetValue<string>() == "completed")
                break;
            await Task.Delay(50);
        }

        Assert.Equal("completed", job["status"]!.GetValue<string>());
        Assert.Equal(2, job["total"]!.GetValue<int>());
        Assert.Equal(2, job["done"]!.GetValue<int>());
        await receiver.WaitForAsync(4);
    }

    [Fact]
    public async Task Another_tenants_deliveries_and_jobs_are_not_found()
    {
        using var owner = await _host.CreateApiTenantAsync("Delivery owner");
        using var intruder = await _host.CreateApiTenantAsync("Delivery intruder");
        await using var receiver = await WebhookReceiver.StartWithStatusesAsync(500);
        var subscription = (await owner.Client.CreateSubscriptionAsync(receiver.Url()))["id"]!.GetValue<Guid>();
        await owner.Client.PublishAsync();
        var delivery = (await WaitForListAsync(owner, "deliveries", items => items.Count == 1))[0]!["id"]!.GetValue<Guid>();
        using var start = await owner.Client.PostJsonAsync("deliveries/retrigger", new { filter = new { } });
        var jobId = (await start.JsonAsync())["jobId"]!.GetValue<Guid>();

        using var detail = await intruder.Client.GetAsync(ApiTestHelpers.Api($"deliveries/{delivery}"));
        using var retrigger = await intruder.Client.PostAsync(ApiTestHelpers.Api($"deliveries/{delivery}/retrigger"), null);
        using var job = await intruder.Client.GetAsync(ApiTestHelpers.Api($"jobs/{jobId}"));
        using var bulk = await intruder.Client.PostJsonAsync("deliveries/retrigger", new { filter = new { subscriptionId = subscription } });
        using var list = await intruder.Client.GetAsync(ApiTestHelpers.Api("deliveries"));

        await detail.ProblemAsync(HttpStatusCode.NotFound);
        await retrigger.ProblemAsync(HttpStatusCode.NotFound);
        await job.ProblemAsync(HttpStatusCode.NotFound);
        await bulk.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty((await list.JsonAsync())["items"]!.AsArray());
    }

    private static async Task<JsonArray> WaitForListAsync(ApiTenant tenant, string path, Func<JsonArray, bool> done)
    {
        var deadline = DateTime.UtcNow + Bound;
        JsonArray items = [];
        while (DateTime.UtcNow < deadline)
        {
            using var response = await tenant.Client.GetAsync(ApiTestHelpers.Api(path));
            items = (await response.JsonAsync())["items"]!.AsArray();
            if (done(items))
                return items;
            await Task.Delay(50);
        }

        throw new TimeoutException($"GET {path} did not reach the expected state; last: {items.ToJsonString()}");
    }

    private static async Task<JsonNode> WaitForDetailAsync(ApiTenant tenant, Guid id, Func<JsonNode, bool> done)
    {
        var deadline = DateTime.UtcNow + Bound;
        JsonNode detail = new JsonObject();
        while (DateTime.UtcNow < deadline)
        {
            using var response = await tenant.Client.GetAsync(ApiTestHelpers.Api($"deliveries/{id}"));
            detail = await response.JsonAsync();
            if (done(detail))
                return detail;
            await Task.Delay(50);
        }

        throw new TimeoutException($"Delivery {id} did not reach the expected state; last: {detail.ToJsonString()}");
    }
}
