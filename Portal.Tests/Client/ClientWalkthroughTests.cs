using Portal.Client;
using Portal.Client.Generated.Models;
using Portal.Data;
using Portal.Domain.Access;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Client;

/// <summary>README's "Wire your platform in" walkthrough through Portal.Client against the real host, ending at a
/// real receiver on 127.0.0.1 that checks the delivery with <see cref="WebhookVerifier"/>.</summary>
[Collection(SqliteHostCollection.Name)]
public sealed class ClientWalkthroughTests(SqliteHost fixture)
{
    private static readonly Uri Base = new("http://localhost");

    [Fact]
    public async Task Readme_walkthrough_runs_through_the_client_and_the_verifier_accepts_the_delivery()
    {
        using var http = fixture.Factory.CreateClient();
        using var platform = PortalClient.WithApiKey(Base, await PlatformKeyAsync(), http);
        await using var receiver = await WebhookReceiver.StartAsync();
        var externalId = $"client-{Guid.NewGuid():N}";

        // 1. The customer by its own id; the same id again answers the same tenant.
        var tenant = await platform.Api.Api.V1.Tenants.PostAsync(new CreateTenantRequest { ExternalId = externalId, Name = "Globex" });
        var again = await platform.Api.Api.V1.Tenants.PostAsync(new CreateTenantRequest { ExternalId = externalId, Name = "Globex" });
        Assert.Equal(tenant!.Id, again!.Id);
        var tenantApi = platform.Api.Api.V1.Tenants[tenant.Id!.Value];

        // 2. Its credentials: an API key, and an OAuth client whose tokens the client fetches itself.
        var key = await tenantApi.ApiKeys.PostAsync(new CredentialRequest { Name = "Globex backend" });
        var oauth = await tenantApi.OauthClients.PostAsync(new CredentialRequest { Name = "Globex jobs" });
        using var tenantByKey = PortalClient.WithApiKey(Base, key!.Key!, http);
        using var tenantByToken = PortalClient.WithClientCredentials(Base, oauth!.ClientId!, oauth.ClientSecret!, http);

        // 3. The tenant subscribes an endpoint.
        var subscription = await tenantByKey.Api.Api.V1.Subscriptions.PostAsync(new SubscriptionRequest
        {
            Name = "Receiver",
            Url = receiver.Url("/webhooks"),
            EventTypes = ["invoice.status"],
        });
        var listed = await tenantByToken.Api.Api.V1.Subscriptions.GetAsync();
        Assert.Equal(subscription!.Id, Assert.Single(listed!).Id);

        // 4. Publish by the platform's own id: one event, then a batch with one bad item.
        var published = await platform.PublishAsync("invoice.status", new { invoiceId = "INV-1", status = "PAID" },
            new PublishOptions(TenantExternalId: externalId));
        var batch = await platform.PublishBatchAsync(
        [
            PortalClient.Request("invoice.status", new { invoiceId = "INV-2", status = "PAID" }, new PublishOptions("inv-2-paid", TenantExternalId: externalId)),
            PortalClient.Request("no.such", new { }, new PublishOptions(TenantExternalId: externalId)),
        ]);
        Assert.Equal(1, published!.Deliveries);
        Assert.Equal([202, 400], batch.Select(r => r.Status ?? 0));
        Assert.NotNull(batch[1].Error);

        // 5. A one-time portal link.
        var session = await tenantApi.PortalSessions.PostAsync(new PortalSessionRequest { Email = "ops@globex.test" });
        Assert.Contains("/", session!.Url, StringComparison.Ordinal);

        var deliveries = await receiver.WaitForAsync(2);
        var verifier = WebhookVerifier.StandardWebhooks(subscription.Secret!);
        var first = deliveries.Single(d => d.Body.Contains("INV-1", StringComparison.Ordinal));
        Assert.True(verifier.TryVerify(first.Headers, first.Body, out var failure), failure);
        Assert.Contains(published.Id.ToString()!, first.Body, StringComparison.Ordinal);
        Assert.False(verifier.TryVerify(first.Headers, first.Body.Replace("INV-1", "INV-9", StringComparison.Ordinal), out _));
        Assert.Equal(1, tenantByToken.TokenFetches);
    }

    [Fact]
    public async Task An_error_answer_is_thrown_as_the_generated_ProblemDetails()
    {
        using var http = fixture.Factory.CreateClient();
        using var platform = PortalClient.WithApiKey(Base, await PlatformKeyAsync(), http);

        var problem = await Assert.ThrowsAsync<ProblemDetails>(() =>
            platform.Api.Api.V1.Tenants[Guid.NewGuid()].GetAsync());

        Assert.Equal(404, problem.ResponseStatusCode);
        Assert.Equal(404, problem.Status);
    }


    private async Task<string> PlatformKeyAsync()
    {
        var (key, value) = ApiKey.Create(null, "client tests", DateTimeOffset.UtcNow);
        await using var scope = fixture.Factory.CreateScope();
        var db = scope.Get<PortalDbContext>();
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync();
        return value;
    }
}
