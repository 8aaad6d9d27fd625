using System.Net;
using Portal.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration;

/// <summary>The factory can serve on a real Kestrel socket, for tests that need one (browsers, receivers).</summary>
[Collection(SqliteHostCollection.Name)]
public sealed class LoopbackSocketTests
{
    [Fact]
    public async Task WithLoopbackSocket_serves_on_127_0_0_1_with_a_free_port()
    {
        await using var factory = (await PortalAppFactory.CreateAsync(DatabaseProvider.Sqlite)).WithLoopbackSocket();

        var address = factory.ServerAddress;
        using var client = new HttpClient { BaseAddress = address };
        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(IPAddress.Loopback.ToString(), address.Host);
        Assert.NotEqual(0, address.Port);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
