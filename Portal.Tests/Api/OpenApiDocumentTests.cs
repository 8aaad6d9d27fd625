using System.Net;
using System.Text.Json.Nodes;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

[Collection(SqliteHostCollection.Name)]
public sealed class OpenApiDocumentTests(SqliteHost fixture)
{
    public static TheoryData<string, string> Routes => new()
    {
        { "/oauth/token", "post" },
        { "/api/v1/event-types", "get" },
        { "/api/v1/events", "post" },
        { "/api/v1/subscriptions", "get" },
        { "/api/v1/subscriptions", "post" },
        { "/api/v1/subscriptions/{id}", "get" },
        { "/api/v1/subscriptions/{id}", "put" },
        { "/api/v1/subscriptions/{id}", "delete" },
        { "/api/v1/subscriptions/{id}/event-types/remove", "post" },
        { "/api/v1/subscriptions/{id}/secret/rotate", "post" },
        { "/api/v1/subscriptions/{id}/test", "post" },
        { "/api/v1/subscriptions/{id}/sample", "post" },
        { "/api/v1/deliveries", "get" },
        { "/api/v1/deliveries/{id}", "get" },
        { "/api/v1/deliveries/{id}/retrigger", "post" },
        { "/api/v1/deliveries/retrigger", "post" },
        { "/api/v1/jobs/{id}", "get" },
        { "/api/v1/signing-keys/rsa.pem", "get" },
        { "/api/v1/events/batch", "post" },
        { "/api/v1/event-types", "post" },
        { "/api/v1/event-types/{name}", "get" },
        { "/api/v1/event-types/{name}", "put" },
        { "/api/v1/event-types/{name}/archive", "post" },
        { "/api/v1/event-types/{name}/restore", "post" },
        { "/api/v1/tenants", "get" },
        { "/api/v1/tenants", "post" },
        { "/api/v1/tenants/{id}", "get" },
        { "/api/v1/tenants/{id}", "patch" },
        { "/api/v1/tenants/{id}", "delete" },
        { "/api/v1/tenants/{id}/suspend", "post" },
        { "/api/v1/tenants/{id}/reactivate", "post" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task The_document_parses_and_lists_the_route(string path, string method)
    {
        using var client = fixture.Factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.StartsWith("3.", document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        var paths = document["paths"]!.AsObject();
        Assert.True(paths.ContainsKey(path), $"{path} is missing; listed: {string.Join(", ", paths.Select(p => p.Key))}");
        Assert.True(paths[path]!.AsObject().ContainsKey(method), $"{method.ToUpperInvariant()} {path} is missing.");
        Assert.False(string.IsNullOrWhiteSpace(paths[path]![method]!["summary"]?.GetValue<string>()),
            $"{method.ToUpperInvariant()} {path} has no summary.");
    }

    [Fact]
    public async Task The_document_declares_both_schemes_and_only_the_api()
    {
        using var client = fixture.Factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var schemes = document["components"]!["securitySchemes"]!.AsObject();
        Assert.Equal("X-API-Key", schemes["ApiKey"]!["name"]!.GetValue<string>());
        Assert.Equal("/oauth/token", schemes["OAuth2"]!["flows"]!["clientCredentials"]!["tokenUrl"]!.GetValue<string>());
        var security = document["paths"]!["/api/v1/events"]!["post"]!["security"]!.AsArray();
        Assert.Equal(2, security.Count);
        Assert.All(document["paths"]!.AsObject(), p =>
            Assert.True(p.Key.StartsWith("/api/v1/", StringComparison.Ordinal) || p.Key == "/oauth/token", p.Key));
    }

    [Fact]
    public async Task Health_checks_the_database()
    {
        using var client = fixture.Factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
