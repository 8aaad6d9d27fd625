using System.Net;
using System.Net.Http.Headers;
using Portal.Data;
using Portal.Domain.Deliveries;
using Portal.Tests.Infrastructure;
using Portal.Tests.Integration.Dispatch;

namespace Portal.Tests.Integration;

/// <summary>Issue 16: /metrics named every receiver (server_address…) to anyone who asked.</summary>
[Collection(SqliteHostCollection.Name)]
public sealed class MetricsEndpointTests(SqliteHost fixture)
{
    [Fact]
    public async Task A_scrape_needs_the_configured_bearer_token()
    {
        await using var host = await PortalAppFactory.CreateAsync(DatabaseProvider.Sqlite,
            new Dictionary<string, string?> { ["Telemetry:PrometheusToken"] = "scrape-secret-2026" });
        using var client = host.CreateNonRedirectingClient();

        using var anonymous = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        using var wrong = await ScrapeAsync(client, "not-the-token");
        using var right = await ScrapeAsync(client, "scrape-secret-2026");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("# TYPE", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_series_names_the_target_of_a_delivery()
    {
        var host = fixture.Factory;
        var tenant = await host.RegisterAsync("Scraped");
        await using var receiver = await WebhookReceiver.StartAsync();
        await host.AddSubscriptionAsync(tenant.Id, receiver.Url());
        var published = await host.PublishAsync(tenant.Id);
        await host.WaitForDeliveryAsync(published.EventId, d => d.Status == DeliveryStatus.Succeeded);
        using var client = host.CreateNonRedirectingClient();

        // The exporter caches a scrape briefly: wait for one that includes the delivery's HTTP client series.
        var scrape = "";
        for (var i = 0; i < 50 && !scrape.Contains("http_client_request_duration", StringComparison.Ordinal); i++)
        {
            await Task.Delay(200);
            scrape = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        }

        Assert.Contains("http_client_request_duration", scrape, StringComparison.Ordinal);
        Assert.DoesNotContain("server_address", scrape, StringComparison.Ordinal);
        Assert.DoesNotContain("server_port", scrape, StringComparison.Ordinal);
        Assert.DoesNotContain("network_peer_address", scrape, StringComparison.Ordinal);
        Assert.DoesNotContain("url_full", scrape, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> ScrapeAsync(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/metrics", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }
}
