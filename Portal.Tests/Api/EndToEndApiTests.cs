using System.Net;
using System.Text.Json.Nodes;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

[Collection(SqliteHostCollection.Name)]
public sealed class EndToEndApiTests(SqliteHost fixture)
{
    private readonly PortalAppFactory _host = fixture.Factory;

    /// <summary>The integration a customer builds: token → subscription → publish → verify the signature.</summary>
    [Fact]
    public async Task Token_subscribe_publish_and_the_receiver_verifies_the_standard_webhooks_signature()
    {
        var tenant = await _host.RegisterAsync("End to end");
        var token = await _host.RequestTokenAsync(await _host.CreateApiClientAsync(tenant));
        using var client = _host.ClientWithToken(token);
        await using var receiver = await WebhookReceiver.StartAsync();

        var subscription = await client.CreateSubscriptionAsync(receiver.Url("/webhooks"), "invoice.status");
        var secret = subscription["secret"]!.GetValue<string>();
        var published = await client.PublishAsync();
        var request = (await receiver.WaitForAsync(1))[0];

        Assert.Equal(1, published["deliveries"]!.GetValue<int>());
        Assert.Equal("/webhooks", request.PathAndQuery);
        Assert.Equal(ApiTestHelpers.StandardWebhooksSignature(secret, request), request.Header("webhook-signature"));
        var timestamp = DateTimeOffset.FromUnixTimeSeconds(long.Parse(request.Header("webhook-timestamp"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(timestamp, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal(published["id"]!.GetValue<Guid>().ToString(), body["id"]!.GetValue<string>());
        Assert.Equal("invoice.status", body["type"]!.GetValue<string>());
        Assert.Equal("INV-1", body["data"]!["invoiceId"]!.GetValue<string>());

        using var deliveries = await client.GetAsync(ApiTestHelpers.Api("deliveries"));
        Assert.Equal(HttpStatusCode.OK, deliveries.StatusCode);
        Assert.Equal(published["id"]!.GetValue<Guid>(),
            Assert.Single((await deliveries.JsonAsync())["items"]!.AsArray())!["eventId"]!.GetValue<Guid>());
    }
}
