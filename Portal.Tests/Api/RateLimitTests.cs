using System.Net;
using Portal.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

/// <summary>A host of its own with a tiny limit, so the shared host's generous default stays untouched.</summary>
[Collection(SqliteHostCollection.Name)]
public sealed class RateLimitTests
{
    [Fact]
    public async Task Requests_over_the_limit_get_429_with_retry_after_per_key()
    {
        await using var host = await PortalAppFactory.CreateAsync(DatabaseProvider.Sqlite,
            new Dictionary<string, string?> { ["Api:RequestsPerMinute"] = "2" });
        using var first = await host.CreateApiTenantAsync("Limited");
        using var second = await host.CreateApiTenantAsync("Unaffected");

        for (var i = 0; i < 2; i++)
        {
            using var allowed = await first.Client.GetAsync(ApiTestHelpers.Api("event-types"));
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        using var refused = await first.Client.GetAsync(ApiTestHelpers.Api("event-types"));
        using var otherKey = await second.Client.GetAsync(ApiTestHelpers.Api("event-types"));

        await refused.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is missing.");
        Assert.Equal(HttpStatusCode.OK, otherKey.StatusCode);
    }
}
