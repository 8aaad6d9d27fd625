using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Inbox;
using Portal.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Inbox;

public sealed class RequestInboxTests
{
    private static InboxRequest Request(string body) => new(Guid.NewGuid(), TestData.Now, "POST", "/inbox", new Dictionary<string, string>(),
        body, new SignatureCheck(SignatureVerdict.NotSigned, "The subscription does not sign its requests."));

    [Fact]
    public void Keeps_each_tenants_latest_requests_newest_first_up_to_the_capacity()
    {
        var inbox = new RequestInbox();
        var acme = Guid.NewGuid();
        var notified = 0;
        inbox.Received += _ => notified++;

        for (var i = 0; i < RequestInbox.Capacity + 5; i++)
            inbox.Record(acme, Request($"{{\"n\":{i}}}"));
        inbox.Record(Guid.NewGuid(), Request("{}"));

        var list = inbox.List(acme);
        Assert.Equal(RequestInbox.Capacity, list.Count);
        Assert.Equal($"{{\"n\":{RequestInbox.Capacity + 4}}}", list[0].Body);
        Assert.Equal(RequestInbox.Capacity + 6, notified);
    }

    [Fact]
    public async Task Page_says_the_inbox_is_unavailable_where_it_is_not_registered()
    {
        await using var database = await FeatureTestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        ctx.UsePortalServices(database);
        ctx.Services.AddScoped<CurrentUser>();

        var cut = ctx.Render<InboxPage>();

        Assert.Contains("The request inbox is not available here", cut.Markup);
    }

    [Fact]
    public async Task Page_lists_received_requests_with_their_signature_verdict_and_updates_live()
    {
        await using var database = await FeatureTestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        ctx.UsePortalServices(database);
        var tenantId = Guid.NewGuid();
        var user = CircuitUsers.SignedIn(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new System.Security.Claims.Claim(PortalClaimTypes.TenantId, tenantId.ToString())], "test")));
        ctx.Services.AddSingleton(user);
        var inbox = new RequestInbox();
        ctx.Services.AddSingleton(inbox);

        var cut = ctx.Render<InboxPage>();
        Assert.Contains("Nothing received yet", cut.Markup);
        Assert.Contains($"inbox/{tenantId}", cut.Markup);

        inbox.Record(tenantId, Request("""{"type":"invoice.status"}""") with
        {
            Signature = new SignatureCheck(SignatureVerdict.Valid, "webhook-signature verifies with the subscription's secret."),
        });

        cut.WaitForAssertion(() => Assert.Equal("Valid", cut.Find("[data-signature]").GetAttribute("data-signature")));
        Assert.Contains("Signature valid", cut.Markup);
    }
}
