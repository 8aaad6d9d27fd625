using System.Net;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

/// <summary>A publication that fans out to a subscription while that subscription is being deleted: the delivery's
/// foreign key refuses the insert when the deletion commits between the fan-out query and the write. The event is
/// still accepted (fanned out again without the deleted subscription), never a 500.</summary>
public abstract class PublishDeleteRaceTests(PortalAppFactory host)
{
    private const int Rounds = 40;

    [Fact]
    public async Task Publishing_while_the_only_subscription_is_deleted_is_accepted_every_time()
    {
        using var tenant = await host.CreateApiTenantAsync("Race");
        var statuses = new List<HttpStatusCode>();

        for (var round = 0; round < Rounds; round++)
        {
            var subscription = await tenant.Client.CreateSubscriptionAsync("http://127.0.0.1:9/race");
            var id = subscription["id"]!.GetValue<string>();

            var publish = tenant.Client.PostJsonAsync("events",
                new { eventType = "invoice.status", data = new { invoiceId = $"INV-{round}", status = "PAID" } });
            var delete = tenant.Client.DeleteAsync(ApiTestHelpers.Api($"subscriptions/{id}"));
            using var published = await publish;
            using var deleted = await delete;

            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            statuses.Add(published.StatusCode);
        }

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.Accepted, status));
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqlitePublishDeleteRaceTests(SqliteHost host) : PublishDeleteRaceTests(host.Factory);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresPublishDeleteRaceTests(PostgresHost host) : PublishDeleteRaceTests(host.Factory);
