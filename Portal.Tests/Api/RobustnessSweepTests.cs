using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Portal.Data;
using Portal.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Portal.Tests.Api;

/// <summary>Every operation of /openapi/v1.json, called with malformed input (wrong types, nulls, huge strings, bad
/// ids and query values, broken or deeply nested JSON, wrong content types) by a tenant's key and by the platform key,
/// against the real host: no answer may be a 5xx, and every 4xx must be a ProblemDetails.</summary>
public sealed class RobustnessSweepTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string PlatformKey = "pk_platform_demo_0123456789abcdef";

    private PortalAppFactory _host = null!;
    private readonly Dictionary<string, string> _realIds = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        // Its own host: the sweep would otherwise spend the shared host's rate limit (then every answer is a 429).
        _host = await PortalAppFactory.CreateAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>
        {
            ["Api:RequestsPerMinute"] = "1000000",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "None",
            ["Logging:LogLevel:Portal"] = "None",
        });
        _host.StartServer();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Malformed_input_to_every_documented_operation_is_a_4xx_problem_never_a_5xx()
    {
        var tenant = await _host.CreateApiTenantAsync("Sweep");
        using var tenantClient = tenant.Client;
        using var platformClient = _host.ClientWithKey(PlatformKey);
        await KnowRealIdsAsync(tenantClient, tenant.Id);

        var document = await DocumentAsync();
        var operations = Operations(document).ToList();
        Assert.NotEmpty(operations);

        var failures = new List<string>();
        var sent = 0;
        foreach (var operation in operations)
        {
            foreach (var request in Requests(document, operation))
            {
                foreach (var (who, client) in new[] { ("tenant", tenantClient), ("platform", platformClient) })
                {
                    using var message = request.Build();
                    using var response = await client.SendAsync(message);
                    sent++;
                    if (await ProblemWithAsync(response) is { } problem)
                        failures.Add($"{operation.Method.ToUpperInvariant()} {request.Target} [{request.Variant}, {who} key]: {problem}");
                }
            }
        }

        output.WriteLine($"Robustness sweep: {operations.Count} operations, {sent} requests, {failures.Count} failures.");
        Assert.True(failures.Count == 0,
            $"{failures.Count} of {sent} requests were answered badly:\n" + string.Join("\n", failures.Take(40)));
    }

    /// <summary>Ids that exist, so some requests get past "not found" into validation.</summary>
    private async Task KnowRealIdsAsync(HttpClient tenant, Guid tenantId)
    {
        var subscription = await tenant.CreateSubscriptionAsync("http://127.0.0.1:9/sweep");
        _realIds["subscriptions"] = subscription["id"]!.GetValue<string>();
        _realIds["tenants"] = tenantId.ToString();
        _realIds["event-types"] = "invoice.status";
        using var published = await tenant.PostJsonAsync("events", new { eventType = "invoice.status", data = new { n = 1 } });
        using var deliveries = await tenant.GetAsync(ApiTestHelpers.Api($"deliveries?subscriptionId={_realIds["subscriptions"]}"));
        var list = await deliveries.JsonAsync();
        if (FirstId(list) is { } delivery)
            _realIds["deliveries"] = delivery;
    }

    private static string? FirstId(JsonNode list) =>
        (list["items"] ?? list["data"] ?? list) is JsonArray { Count: > 0 } items ? items[0]!["id"]?.GetValue<string>() : null;

    private async Task<JsonNode> DocumentAsync()
    {
        using var client = _host.CreateClient();
        using var response = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private sealed record Operation(string Path, string Method, JsonObject Spec);

    private static IEnumerable<Operation> Operations(JsonNode document)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
            foreach (var (method, spec) in item!.AsObject())
                if (method is "get" or "post" or "put" or "patch" or "delete")
                    yield return new Operation(path, method, spec!.AsObject());
    }

    private sealed record SweepRequest(string Method, string Target, string Variant, string? Body, string? ContentType)
    {
        public HttpRequestMessage Build()
        {
            var message = new HttpRequestMessage(new HttpMethod(Method), new Uri(Target, UriKind.Relative));
            if (Body is not null)
            {
                message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body));
                if (ContentType is not null)
                    message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }

            return message;
        }
    }

    private IEnumerable<SweepRequest> Requests(JsonNode document, Operation operation)
    {
        var parameters = (operation.Spec["parameters"] as JsonArray ?? []).Select(p => p!.AsObject()).ToList();
        var pathParameters = parameters.Where(p => (string?)p["in"] == "path").Select(p => (string)p["name"]!).ToList();
        var queryParameters = parameters.Where(p => (string?)p["in"] == "query").Select(p => (string)p["name"]!).ToList();
        var formBody = operation.Spec["requestBody"]?["content"]?["application/x-www-form-urlencoded"] is not null;
        var jsonSchema = operation.Spec["requestBody"]?["content"]?["application/json"]?["schema"];
        var hasBody = operation.Spec["requestBody"] is not null;
        var method = operation.Method.ToUpperInvariant();

        // A deletion with a real id would remove what the other requests use: it gets bad ids only.
        var realPath = Fill(operation.Path, pathParameters, _ => null, useRealIds: method != "DELETE");

        // Bad path values.
        foreach (var bad in BadValues)
            yield return new SweepRequest(method, Fill(operation.Path, pathParameters, _ => bad, useRealIds: false),
                $"path={Shorten(bad)}", hasBody ? "{}" : null, hasBody ? "application/json" : null);

        // Bad query values, one parameter at a time.
        foreach (var name in queryParameters)
            foreach (var bad in BadValues)
                yield return new SweepRequest(method, $"{realPath}?{name}={Uri.EscapeDataString(bad)}",
                    $"query {name}={Shorten(bad)}", hasBody ? "{}" : null, hasBody ? "application/json" : null);

        if (!hasBody)
            yield break;

        var contentType = formBody ? "application/x-www-form-urlencoded" : "application/json";
        foreach (var (variant, body) in BrokenBodies)
            yield return new SweepRequest(method, realPath, variant, body, contentType);
        foreach (var type in WrongContentTypes)
            yield return new SweepRequest(method, realPath, $"content-type {type ?? "(none)"}", "{}", type);

        var schema = Resolve(document, jsonSchema);
        if (schema?["properties"] is JsonObject properties)
        {
            yield return new SweepRequest(method, realPath, "every property of the wrong type",
                ObjectOf(properties, (_, property) => WrongType(Resolve(document, property))), contentType);
            yield return new SweepRequest(method, realPath, "every property null",
                ObjectOf(properties, (_, _) => null), contentType);
            yield return new SweepRequest(method, realPath, "every string huge",
                ObjectOf(properties, (_, property) => IsType(Resolve(document, property), "string") ? new string('x', 20_000) : null),
                contentType);
            foreach (var (name, _) in properties)
                yield return new SweepRequest(method, realPath, $"{name} as a deep array",
                    $"{{{JsonValue.Create(name).ToJsonString()}:{Deep(200)}}}", contentType);
        }
    }

    private string Fill(string template, List<string> names, Func<string, string?> bad, bool useRealIds)
    {
        var path = template;
        foreach (var name in names)
        {
            var value = bad(name) ?? (useRealIds ? RealIdFor(template) : null) ?? Guid.NewGuid().ToString();
            path = path.Replace("{" + name + "}", Uri.EscapeDataString(value), StringComparison.Ordinal);
        }

        return path;
    }

    private string? RealIdFor(string template) =>
        _realIds.FirstOrDefault(p => template.Contains($"/{p.Key}/{{", StringComparison.Ordinal)).Value;

    private static readonly string[] BadValues =
        ["not-an-id", "-1", "0", "99999999999999999999", "", new string('a', 3000), "\u2028\u0085", "%00", "../../etc/passwd",
         "00000000-0000-0000-0000-000000000000", "2026-13-45T99:99:99Z", "true", "NaN"];

    private static readonly (string Variant, string Body)[] BrokenBodies =
    [
        ("truncated JSON", "{"), ("JSON null", "null"), ("JSON array", "[]"), ("JSON string", "\"text\""),
        ("JSON number", "123"), ("unterminated member", "{\"a\":"), ("not JSON", "hello=world&x"),
        ("deep nesting", Deep(5_000)), ("unknown members", "{\"unknown\":1,\"__proto__\":{}}"),
        ("empty body", ""), ("invalid UTF-8 escape", "{\"name\":\"\\ud800\"}"),
    ];

    private static readonly string?[] WrongContentTypes =
        ["text/plain", "application/xml", "application/json; charset=bogus", "multipart/form-data", null];

    private static string Deep(int depth) => new string('[', depth) + new string(']', depth);

    private static string Shorten(string value) => value.Length > 20 ? value[..20] + "…" : value;

    private static JsonNode? Resolve(JsonNode document, JsonNode? schema)
    {
        for (var hops = 0; hops < 8 && schema?["$ref"] is { } reference; hops++)
            schema = document["components"]?["schemas"]?[reference.GetValue<string>().Split('/')[^1]];
        return schema;
    }

    private static bool IsType(JsonNode? schema, string type) => schema?["type"] switch
    {
        JsonValue value => value.GetValue<string>() == type,
        JsonArray types => types.Any(t => t?.GetValue<string>() == type),
        _ => false,
    };

    private static JsonNode? WrongType(JsonNode? schema) =>
        IsType(schema, "string") ? JsonValue.Create(12345)
        : IsType(schema, "integer") || IsType(schema, "number") ? JsonValue.Create("NaN")
        : IsType(schema, "boolean") ? JsonValue.Create("yes")
        : IsType(schema, "array") ? new JsonObject { ["not"] = "an array" }
        : JsonValue.Create("not an object");

    private static string ObjectOf(JsonObject properties, Func<string, JsonNode?, JsonNode?> value)
    {
        var body = new JsonObject();
        foreach (var (name, property) in properties)
            body[name] = value(name, property);
        return body.ToJsonString();
    }

    /// <summary>What is wrong with the answer, or null when it is fine.</summary>
    private static async Task<string?> ProblemWithAsync(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status >= 500)
            return $"{status}: {Shorten(await response.Content.ReadAsStringAsync())}";
        if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            return $"{status} without a ProblemDetails body ({response.Content.Headers.ContentType?.MediaType ?? "no content type"})";
        return null;
    }
}
