using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

[Collection(SqliteHostCollection.Name)]
public sealed class SubscriptionsApiTests(SqliteHost fixture)
{
    private readonly PortalAppFactory _host = fixture.Factory;

    [Fact]
    public async Task Create_returns_201_with_the_secret_once_and_never_the_token()
    {
        using var tenant = await _host.CreateApiTenantAsync("Create");

        using var response = await tenant.Client.PostJsonAsync("subscriptions", new
        {
            name = "ERP",
            url = "http://127.0.0.1:9/hook",
            method = "PUT",
            eventTypes = ApiTestHelpers.Types("invoice.status", "invoice.inbound"),
            auth = new { type = "header", key = "X-Auth", token = "tok-secret" },
            headers = new Dictionary<string, string> { ["X-Env"] = "prod-value" },
            retry = new { preset = "akuiteo-test", maxAttempts = 3 },
            notifyEmail = "ops@example.test",
            notifyOnFailure = true,
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.JsonAsync();
        Assert.StartsWith("whsec_", created["secret"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("PUT", created["method"]!.GetValue<string>());
        Assert.Equal("header", created["auth"]!["type"]!.GetValue<string>());
        Assert.Equal("akuiteo-test", created["retry"]!["preset"]!.GetValue<string>());
        Assert.Equal(3, created["retry"]!["maxAttempts"]!.GetValue<int>());
        Assert.Equal("standard-webhooks", created["signing"]!["scheme"]!.GetValue<string>());
        Assert.Equal(response.Headers.Location!.ToString(), $"/api/v1/subscriptions/{created["id"]}");

        using var get = await tenant.Client.GetAsync(response.Headers.Location);
        var text = await get.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.DoesNotContain("tok-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("prod-value", text, StringComparison.Ordinal);
        Assert.DoesNotContain("whsec_", text, StringComparison.Ordinal);
        Assert.True(JsonNode.Parse(text)!["headers"]!.AsObject().ContainsKey("X-Env"));
    }

    [Fact]
    public async Task Flow_settings_round_trip_as_maxInFlight_rateLimitPerSecond_and_ordered_and_recover_is_accepted()
    {
        using var tenant = await _host.CreateApiTenantAsync("Flow");

        using var defaults = await tenant.Client.PostJsonAsync("subscriptions", new
        {
            name = "Defaults", url = "http://127.0.0.1:9/hook", eventTypes = ApiTestHelpers.Types("invoice.status"),
        });
        var plain = await defaults.JsonAsync();
        Assert.Equal(8, plain["maxInFlight"]!.GetValue<int>()); // the admin's default
        Assert.Null(plain["rateLimitPerSecond"]);
        Assert.False(plain["ordered"]!.GetValue<bool>());

        using var response = await tenant.Client.PostJsonAsync("subscriptions", new
        {
            name = "Paced", url = "http://127.0.0.1:9/hook", eventTypes = ApiTestHelpers.Types("invoice.status"),
            maxInFlight = 2, rateLimitPerSecond = 5, ordered = true,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.JsonAsync();
        Assert.Equal(2, created["maxInFlight"]!.GetValue<int>());
        Assert.Equal(5, created["rateLimitPerSecond"]!.GetValue<int>());
        Assert.True(created["ordered"]!.GetValue<bool>());

        using var invalid = await tenant.Client.PostJsonAsync("subscriptions", new
        {
            name = "Bad", url = "http://127.0.0.1:9/hook", eventTypes = ApiTestHelpers.Types("invoice.status"), maxInFlight = 0,
        });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);

        using var recover = await tenant.Client.PostJsonAsync($"subscriptions/{created["id"]}/recover",
            new { since = DateTimeOffset.UtcNow.AddHours(-1) });
        Assert.Equal(HttpStatusCode.Accepted, recover.StatusCode);
        Assert.NotNull((await recover.JsonAsync())["bulkRetriggerId"]);
    }

    [Fact]
    public async Task Rsa_subscription_returns_the_platform_public_key_which_the_pem_route_serves()
    {
        using var tenant = await _host.CreateApiTenantAsync("Rsa");

        using var response = await tenant.Client.PostJsonAsync("subscriptions", new
        {
            name = "Accredit", url = "http://127.0.0.1:9/hook", eventTypes = ApiTestHelpers.Types("invoice.status"),
            signing = new { scheme = "rsa-sha256" },
        });
        using var pem = await tenant.Client.GetAsync(ApiTestHelpers.Api("signing-keys/rsa.pem"));

        var created = await response.JsonAsync();
        Assert.Null(created["secret"]);
        Assert.Equal("text/plain", pem.Content.Headers.ContentType?.MediaType);
        var publicKey = await pem.Content.ReadAsStringAsync();
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", publicKey, StringComparison.Ordinal);
        Assert.Equal(publicKey, created["publicKeyPem"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invalid_subscription_comes_back_as_field_errors()
    {
        using var tenant = await _host.CreateApiTenantAsync("Invalid");

        using var response = await tenant.Client.PostJsonAsync("subscriptions", new { url = "nope" });
        using var badEnums = await tenant.Client.PostJsonAsync("subscriptions", new
        {
            name = "x", url = "http://127.0.0.1:9/", eventTypes = ApiTestHelpers.Types("invoice.status"),
            auth = new { type = "cookie" }, retry = new { preset = "forever" },
        });

        var fields = (await response.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors();
        Assert.Contains("name", fields);
        Assert.Contains("url", fields);
        Assert.Contains("eventTypes", fields);
        var enumFields = (await badEnums.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors();
        Assert.Equal(["auth.type", "retry.preset"], enumFields.Order().ToArray());
        using var list = await tenant.Client.GetAsync(ApiTestHelpers.Api("subscriptions"));
        Assert.Empty((await list.JsonAsync()).AsArray());
    }

    /// <summary>Issue 16: NaN (which SQLite refuses to store) and infinities came back as a 500.</summary>
    [Theory]
    [InlineData("\"NaN\"", "standard")]
    [InlineData("\"Infinity\"", "standard")]
    [InlineData("\"-Infinity\"", "acube")]
    [InlineData("\"NaN\"", "custom")]
    public async Task Non_finite_retry_factor_is_a_field_error(string factor, string preset)
    {
        using var tenant = await _host.CreateApiTenantAsync("Factor");
        using var body = new StringContent($$"""
            {"name":"x","url":"http://127.0.0.1:9/","eventTypes":["invoice.status"],
             "retry":{"preset":"{{preset}}","factor":{{factor}},"initialDelaySeconds":10,"maxRetries":3} }
            """, System.Text.Encoding.UTF8, "application/json");

        using var response = await tenant.Client.PostAsync(ApiTestHelpers.Api("subscriptions"), body);

        var fields = (await response.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors();
        Assert.Contains(fields, f => f.Contains("factor", StringComparison.OrdinalIgnoreCase));
        using var list = await tenant.Client.GetAsync(ApiTestHelpers.Api("subscriptions"));
        Assert.Empty((await list.JsonAsync()).AsArray());
    }

    /// <summary>Issue 16: a URL with a space, port 0 and headers HTTP cannot carry are refused where they enter.</summary>
    [Fact]
    public async Task Url_and_header_rules_are_field_errors_with_their_reason()
    {
        using var tenant = await _host.CreateApiTenantAsync("Rules");

        using var spaced = await tenant.Client.PostJsonAsync("subscriptions", new
        {
            name = "x", url = "http://127.0.0.1:9/my hook", eventTypes = ApiTestHelpers.Types("invoice.status"),
        });
        using var portZero = await tenant.Client.PostJsonAsync("subscriptions", new
        {
            name = "x", url = "http://127.0.0.1:0/", eventTypes = ApiTestHelpers.Types("invoice.status"),
        });
        using var headers = await tenant.Client.PostJsonAsync("subscriptions", new
        {
            name = "x", url = "http://127.0.0.1:9/", eventTypes = ApiTestHelpers.Types("invoice.status"),
            headers = new Dictionary<string, string> { ["X-Name"] = "José", ["Content-Encoding"] = "gzip" },
        });

        Assert.Contains("space", Message(await spaced.ProblemAsync(HttpStatusCode.BadRequest), "url"), StringComparison.Ordinal);
        Assert.Contains("Port 0", Message(await portZero.ProblemAsync(HttpStatusCode.BadRequest), "url"), StringComparison.Ordinal);
        var headerErrors = string.Join(" | ", (await headers.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject()
            .SelectMany(e => e.Value!.AsArray().Select(m => m!.GetValue<string>())));
        Assert.Contains("printable ASCII", headerErrors, StringComparison.Ordinal);
        Assert.Contains("'Content-Encoding' cannot be configured", headerErrors, StringComparison.Ordinal);
        using var list = await tenant.Client.GetAsync(ApiTestHelpers.Api("subscriptions"));
        Assert.Empty((await list.JsonAsync()).AsArray());
    }

    private static string Message(JsonNode problem, string field) =>
        problem["errors"]!.AsObject().Single(e => e.Key.Equals(field, StringComparison.OrdinalIgnoreCase)).Value![0]!.GetValue<string>();

    [Fact]
    public async Task List_get_put_and_delete()
    {
        using var tenant = await _host.CreateApiTenantAsync("Crud");
        var created = await tenant.Client.CreateSubscriptionAsync("http://127.0.0.1:9/a");
        var id = created["id"]!.GetValue<Guid>();

        using var put = await tenant.Client.PutAsJsonAsync(ApiTestHelpers.Api($"subscriptions/{id}"), new
        {
            name = "Renamed", url = "http://127.0.0.1:9/b", eventTypes = ApiTestHelpers.Types("invoice.inbound"), active = false,
        });
        var updated = await put.JsonAsync();
        using var list = await tenant.Client.GetAsync(ApiTestHelpers.Api("subscriptions"));
        var listed = (await list.JsonAsync()).AsArray();
        using var delete = await tenant.Client.DeleteAsync(ApiTestHelpers.Api($"subscriptions/{id}"));
        using var gone = await tenant.Client.GetAsync(ApiTestHelpers.Api($"subscriptions/{id}"));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("Renamed", updated["name"]!.GetValue<string>());
        Assert.False(updated["active"]!.GetValue<bool>());
        Assert.Equal("paused", updated["state"]!.GetValue<string>());
        Assert.Equal(["invoice.inbound"], updated["eventTypes"]!.AsArray().Select(e => e!.GetValue<string>()).ToArray());
        Assert.Null(updated["secret"]);
        Assert.Equal(id, Assert.Single(listed)!["id"]!.GetValue<Guid>());
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await gone.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Removing_some_event_types_keeps_the_rest_and_removing_the_last_is_422()
    {
        using var tenant = await _host.CreateApiTenantAsync("Remove");
        var id = (await tenant.Client.CreateSubscriptionAsync("http://127.0.0.1:9/", "invoice.status", "invoice.inbound"))["id"];

        using var partial = await tenant.Client.PostJsonAsync($"subscriptions/{id}/event-types/remove",
            new { eventTypes = ApiTestHelpers.Types("invoice.status") });
        using var last = await tenant.Client.PostJsonAsync($"subscriptions/{id}/event-types/remove",
            new { eventTypes = ApiTestHelpers.Types("invoice.inbound") });

        Assert.Equal(HttpStatusCode.OK, partial.StatusCode);
        Assert.Equal(["invoice.inbound"],
            (await partial.JsonAsync())["eventTypes"]!.AsArray().Select(e => e!.GetValue<string>()).ToArray());
        Assert.Contains("eventTypes", (await last.ProblemAsync(HttpStatusCode.UnprocessableEntity)).FieldErrors());
    }

    [Fact]
    public async Task After_rotation_deliveries_carry_both_signatures()
    {
        using var tenant = await _host.CreateApiTenantAsync("Rotate");
        await using var receiver = await WebhookReceiver.StartAsync();
        var created = await tenant.Client.CreateSubscriptionAsync(receiver.Url());
        var oldSecret = created["secret"]!.GetValue<string>();

        using var rotate = await tenant.Client.PostAsync(ApiTestHelpers.Api($"subscriptions/{created["id"]}/secret/rotate"), null);
        var rotated = await rotate.JsonAsync();
        var newSecret = rotated["secret"]!.GetValue<string>();
        await tenant.Client.PublishAsync();
        var request = (await receiver.WaitForAsync(1))[0];

        Assert.Equal(HttpStatusCode.OK, rotate.StatusCode);
        Assert.NotEqual(oldSecret, newSecret);
        Assert.NotNull(rotated["previousValidUntil"]);
        var signatures = request.Header("webhook-signature").Split(' ');
        Assert.Contains(ApiTestHelpers.StandardWebhooksSignature(newSecret, request), signatures);
        Assert.Contains(ApiTestHelpers.StandardWebhooksSignature(oldSecret, request), signatures);
    }

    [Fact]
    public async Task Test_pings_the_endpoint_and_reports_the_response()
    {
        using var tenant = await _host.CreateApiTenantAsync("Ping");
        await using var receiver = await WebhookReceiver.StartAsync(_ => new ReceiverResponse(202, Body: "pong"));
        var id = (await tenant.Client.CreateSubscriptionAsync(receiver.Url()))["id"];

        using var response = await tenant.Client.PostAsync(ApiTestHelpers.Api($"subscriptions/{id}/test"), null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ping = await response.JsonAsync();
        Assert.True(ping["succeeded"]!.GetValue<bool>());
        Assert.Equal(202, ping["statusCode"]!.GetValue<int>());
        Assert.Equal("pong", ping["responseSnippet"]!.GetValue<string>());
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task Sample_delivers_the_catalogue_payload_to_that_subscription()
    {
        using var tenant = await _host.CreateApiTenantAsync("Sample");
        await using var receiver = await WebhookReceiver.StartAsync();
        var id = (await tenant.Client.CreateSubscriptionAsync(receiver.Url(), "invoice.status"))["id"];

        using var response = await tenant.Client.PostJsonAsync($"subscriptions/{id}/sample", new { eventType = "employee.created" });
        using var missing = await tenant.Client.PostJsonAsync($"subscriptions/{id}/sample", new { });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var eventId = (await response.JsonAsync())["id"]!.GetValue<Guid>();
        var request = (await receiver.WaitForAsync(1))[0];
        Assert.Equal(eventId.ToString(), JsonNode.Parse(request.Body)!["id"]!.GetValue<string>());
        Assert.Equal("employee.created", JsonNode.Parse(request.Body)!["type"]!.GetValue<string>());
        Assert.Contains("eventType", (await missing.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors());
    }

    [Fact]
    public async Task Another_tenants_subscription_is_not_found_on_every_route()
    {
        using var owner = await _host.CreateApiTenantAsync("Owner");
        using var intruder = await _host.CreateApiTenantAsync("Intruder");
        var id = (await owner.Client.CreateSubscriptionAsync("http://127.0.0.1:9/"))["id"];
        var body = new { name = "x", url = "http://127.0.0.1:9/", eventTypes = ApiTestHelpers.Types("invoice.status") };

        HttpResponseMessage[] responses =
        [
            await intruder.Client.GetAsync(ApiTestHelpers.Api($"subscriptions/{id}")),
            await intruder.Client.PutAsJsonAsync(ApiTestHelpers.Api($"subscriptions/{id}"), body),
            await intruder.Client.DeleteAsync(ApiTestHelpers.Api($"subscriptions/{id}")),
            await intruder.Client.PostJsonAsync($"subscriptions/{id}/event-types/remove", new { eventTypes = ApiTestHelpers.Types("invoice.status") }),
            await intruder.Client.PostAsync(ApiTestHelpers.Api($"subscriptions/{id}/secret/rotate"), null),
            await intruder.Client.PostAsync(ApiTestHelpers.Api($"subscriptions/{id}/test"), null),
            await intruder.Client.PostJsonAsync($"subscriptions/{id}/sample", new { eventType = "invoice.status" }),
        ];

        foreach (var response in responses)
        {
            await response.ProblemAsync(HttpStatusCode.NotFound);
            response.Dispose();
        }
        using var list = await intruder.Client.GetAsync(ApiTestHelpers.Api("subscriptions"));
        Assert.Empty((await list.JsonAsync()).AsArray());
        using var stillThere = await owner.Client.GetAsync(ApiTestHelpers.Api($"subscriptions/{id}"));
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
    }
}
