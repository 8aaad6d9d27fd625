using System.Text.Json;
using Portal.Domain.Dispatch;
using Portal.Domain.Subscriptions;
using Portal.Shaping;

namespace Portal.Tests.Features.Shaping;

/// <summary>Aptic (seed 002) through the custom format: the plain webhook (the event's fields plus the subscription's
/// secret) and the "service definition" body (invoice GUID, number, paid amount, secret), field for field.</summary>
public sealed class ApticSeedTests
{
    private static readonly WebhookEvent LedgerPayment = new(Guid.CreateVersion7(), "ledger.payment", DateTimeOffset.UnixEpoch, Guid.Empty,
        """{"paymentid":"18142","ledgeraccountid":"111927","revision":"1","debtcreditorid":"1","partytypeid":"1","invoiceguid":"80342534-2508-4CAB-A090-C25BF1DDF923","invoicenumber":"765","paidamount":123.00}""");

    private static ShapeOutcome Shape(PayloadShape shape) =>
        new PayloadShaper(new ScriptSandbox(), new LiquidTemplates()).Shape(LedgerPayment,
            new ShapeRequest(SubscriptionKind.Webhook, shape, "https://localhost:5510/webservice/webhook", "POST", Secret: "mySecret"));

    [Fact]
    public void The_plain_webhook_carries_the_events_identities_and_the_secret()
    {
        var outcome = Shape(new PayloadShape(PayloadFormat.Custom,
            """
            function handler(webhook) {
              var d = webhook.payload.data;
              webhook.payload = { paymentid: d.paymentid, ledgeraccountid: d.ledgeraccountid, revision: d.revision,
                                  debtcreditorid: d.debtcreditorid, partytypeid: d.partytypeid };
              return webhook;
            }
            """, SecretInBody: true));

        Assert.Null(outcome.Error);
        Assert.Equal("""{"paymentid":"18142","ledgeraccountid":"111927","revision":"1","debtcreditorid":"1","partytypeid":"1","secret":"mySecret"}""",
            outcome.Shape!.Body);
    }

    [Fact]
    public void The_service_definition_body_matches_the_seed_with_a_liquid_template()
    {
        var outcome = Shape(new PayloadShape(PayloadFormat.Custom, null,
            """{"invoiceguid":{{ data.invoiceguid | json }},"invoicenumber":{{ data.invoicenumber | json }},"paidamount":{{ data.paidamount }}}""",
            SecretInBody: true));

        Assert.Null(outcome.Error);
        using var body = JsonDocument.Parse(outcome.Shape!.Body);
        var root = body.RootElement;
        Assert.Equal(["invoiceguid", "invoicenumber", "paidamount", "secret"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("80342534-2508-4CAB-A090-C25BF1DDF923", root.GetProperty("invoiceguid").GetString());
        Assert.Equal("765", root.GetProperty("invoicenumber").GetString());
        Assert.Equal(JsonValueKind.Number, root.GetProperty("paidamount").ValueKind);
        Assert.Equal(123.00m, root.GetProperty("paidamount").GetDecimal());
        Assert.Equal("mySecret", root.GetProperty("secret").GetString());
    }
}
