using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Client;
using Portal.Data;
using Portal.Domain.Catalogue;
using Portal.Domain.Deliveries;
using Portal.Domain.Dispatch;
using Portal.Domain.Subscriptions;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Dispatch;

/// <summary>Payload shaping end to end on the real host and database: publish → dispatcher → a real receiver on
/// 127.0.0.1 — custom transformations (body, method, query, headers, cancel) with signatures over the body sent,
/// sandboxed failures recorded while the dispatcher keeps delivering, content filters, event-type aliases through
/// the API, and Slack / Teams messages checked by local fakes of those services.</summary>
public abstract class PayloadShapingDeliveryTests(PortalAppFactory host)
{
    public const string PortalBaseUrl = "https://portal.example.test";

    private const string ApticTransformation = """
        function handler(webhook) {
          var data = webhook.payload.data;
          webhook.payload = { invoiceGuid: data.invoiceId, invoiceNumber: data.number, paidAmount: data.paidAmount, note: "é ✓" };
          return webhook;
        }
        """;

    private static readonly string[] AliasOnly = ["legal-entity.onboarding"];

    private const string PaidData = """{"invoiceId":"b3c1a2f0-0000-4000-8000-000000000001","number":"INV-7","paidAmount":1250.5,"currency":"EUR"}""";

    [Fact]
    public async Task A_custom_transformations_body_arrives_and_its_standard_webhooks_signature_verifies_over_it()
    {
        var tenant = await host.RegisterAsync("Aptic");
        await using var receiver = await WebhookReceiver.StartAsync();
        var secret = StandardWebhookSecret.Generate();
        await host.AddSubscriptionAsync(tenant.Id, receiver.Url(), (s, p) =>
        {
            s.ConfigureSigning(new SigningSettings(SigningScheme.StandardWebhooks, null, p.Protect(secret), null, null));
            s.ShapePayload(new PayloadShape(PayloadFormat.Custom, ApticTransformation));
        });

        var published = await host.PublishAsync(tenant.Id, data: PaidData);
        var request = (await receiver.WaitForAsync(1))[0];
        var delivery = await host.WaitForDeliveryAsync(published.EventId, d => d.Status == DeliveryStatus.Succeeded);

        Assert.Equal("""{"invoiceGuid":"b3c1a2f0-0000-4000-8000-000000000001","invoiceNumber":"INV-7","paidAmount":1250.5,"note":"é ✓"}""", request.Body);
        // The Standard Webhooks algorithm by hand, and the receivers' stock verifier: both over the exact body.
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(key,
            Encoding.UTF8.GetBytes($"{delivery.WebhookId}.{request.Header("webhook-timestamp")}.{request.Body}")));
        Assert.Equal($"v1,{expected}", request.Header("webhook-signature"));
        Assert.True(WebhookVerifier.StandardWebhooks(secret).TryVerify(request.Headers, request.Body, out var failure), failure);
        Assert.False(WebhookVerifier.StandardWebhooks(secret).TryVerify(request.Headers, request.Body.Replace("INV-7", "INV-8"), out _));
        var attempt = Assert.Single(await host.AttemptsAsync(delivery.Id));
        Assert.Equal(request.Body, attempt.RequestBody);
    }

    [Fact]
    public async Task A_liquid_template_with_the_secret_in_the_body_arrives_signed_over_that_body()
    {
        var tenant = await host.RegisterAsync("Liquid");
        await using var receiver = await WebhookReceiver.StartAsync();
        var secret = StandardWebhookSecret.Generate();
        await host.AddSubscriptionAsync(tenant.Id, receiver.Url(), (s, p) =>
        {
            s.ConfigureSigning(new SigningSettings(SigningScheme.StandardWebhooks, null, p.Protect(secret), null, null));
            s.ShapePayload(new PayloadShape(PayloadFormat.Custom, null,
                """{"paymentid":{{ data.invoiceId | json }},"amount":{{ data.paidAmount }},"type":{{ event.type | json }}}""",
                SecretInBody: true));
        });

        await host.PublishAsync(tenant.Id, data: PaidData);
        var request = (await receiver.WaitForAsync(1))[0];

        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("b3c1a2f0-0000-4000-8000-000000000001", body.RootElement.GetProperty("paymentid").GetString());
        Assert.Equal(1250.5m, body.RootElement.GetProperty("amount").GetDecimal());
        Assert.Equal("invoice.status", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(secret, body.RootElement.GetProperty("secret").GetString());
        Assert.True(WebhookVerifier.StandardWebhooks(secret).TryVerify(request.Headers, request.Body, out var failure), failure);
    }

    [Fact]
    public async Task A_transformation_changes_method_query_and_headers()
    {
        var tenant = await host.RegisterAsync("Reshape");
        await using var receiver = await WebhookReceiver.StartAsync();
        var secret = StandardWebhookSecret.Generate();
        await host.AddSubscriptionAsync(tenant.Id, receiver.Url("/hook?existing=1"), (s, p) =>
        {
            s.ConfigureSigning(new SigningSettings(SigningScheme.StandardWebhooks, null, p.Protect(secret), null, null));
            s.ShapePayload(new PayloadShape(PayloadFormat.Custom, """
                function handler(webhook) {
                  webhook.method = "PUT";
                  webhook.url = webhook.url.split("?")[0] + "?invoice=" + encodeURIComponent(webhook.payload.data.number) + "&v=2";
                  webhook.headers["X-Invoice-Number"] = webhook.payload.data.number;
                  webhook.headers["X-Event-Type"] = webhook.eventType;
                  webhook.payload = webhook.payload.data;
                  return webhook;
                }
                """));
        });

        var published = await host.PublishAsync(tenant.Id, data: PaidData);
        var request = (await receiver.WaitForAsync(1))[0];
        await host.WaitForDeliveryAsync(published.EventId, d => d.Status == DeliveryStatus.Succeeded);

        Assert.Equal("PUT", request.Method);
        Assert.Equal("/hook?invoice=INV-7&v=2", request.PathAndQuery);
        Assert.Equal("INV-7", request.Header("X-Invoice-Number"));
        Assert.Equal("invoice.status", request.Header("X-Event-Type"));
        Assert.Equal(PaidData, request.Body);
        Assert.True(WebhookVerifier.StandardWebhooks(secret).TryVerify(request.Headers, request.Body, out var failure), failure);
    }

    [Fact]
    public async Task A_transformation_that_cancels_sends_nothing_and_records_why()
    {
        var tenant = await host.RegisterAsync("Cancel");
        await using var cancelled = await WebhookReceiver.StartAsync();
        await using var other = await WebhookReceiver.StartAsync();
        var cancelling = await host.AddSubscriptionAsync(tenant.Id, cancelled.Url(), (s, _) => s.ShapePayload(new PayloadShape(PayloadFormat.Custom,
            "function handler(webhook) { if (webhook.payload.data.paidAmount < 5000) { webhook.cancel = true; } return webhook; }")));
        await host.AddSubscriptionAsync(tenant.Id, other.Url());

        var published = await host.PublishAsync(tenant.Id, data: PaidData);
        await other.WaitForAsync(1);
        var delivery = await WaitForSubscriptionDeliveryAsync(published.EventId, cancelling.Id, d => d.IsFinished);

        Assert.Equal(DeliveryStatus.Cancelled, delivery.Status);

        var attempt = Assert.Single(await host.AttemptsAsync(delivery.Id));
        Assert.Equal(AttemptErrorKind.Cancelled, attempt.ErrorKind);
        Assert.Contains("cancelled", attempt.ErrorMessage, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(cancelled.Received);
    }

    [Theory]
    [InlineData("function handler(webhook) { throw new Error('no invoice number for ' + webhook.eventType); }", "no invoice number for invoice.status")]
    [InlineData("function handler(webhook) { for (;;) { webhook.n = (webhook.n || 0) + 1; } }", "was stopped")]
    [InlineData("function handler(webhook) { var hoard = []; for (;;) { hoard.push('x'.repeat(100000) + hoard.length); } }", "was stopped")]
    public async Task A_failing_transformation_is_stopped_and_recorded_while_other_subscriptions_keep_being_delivered(
        string script, string message)
    {
        var tenant = await host.RegisterAsync("Sandbox");
        await using var broken = await WebhookReceiver.StartAsync();
        await using var healthy = await WebhookReceiver.StartAsync();
        var bad = await host.AddSubscriptionAsync(tenant.Id, broken.Url(), (s, _) =>
        {
            s.ShapePayload(new PayloadShape(PayloadFormat.Custom, script));
            s.NoRetries();
        });
        await host.AddSubscriptionAsync(tenant.Id, healthy.Url());

        var first = await host.PublishAsync(tenant.Id, data: PaidData);
        Assert.Equal(2, first.Deliveries);
        await healthy.WaitForAsync(1);
        var failed = await WaitForSubscriptionDeliveryAsync(first.EventId, bad.Id, d => d.Status == DeliveryStatus.Exhausted);

        var attempt = Assert.Single(await host.AttemptsAsync(failed.Id));
        Assert.Equal(AttemptErrorKind.Transformation, attempt.ErrorKind);
        Assert.StartsWith("The script ", attempt.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(message, attempt.ErrorMessage, StringComparison.Ordinal);
        Assert.Null(attempt.ResponseStatus);
        Assert.Empty(broken.Received);

        // The dispatcher is alive: the next event reaches the healthy subscription too.
        var second = await host.PublishAsync(tenant.Id, data: PaidData);
        var requests = await healthy.WaitForAsync(2);
        Assert.Contains(requests, r => r.Body.Contains(second.EventId.ToString(), StringComparison.Ordinal));
        await WaitForSubscriptionDeliveryAsync(second.EventId, bad.Id, d => d.Status == DeliveryStatus.Exhausted);
        Assert.Empty(broken.Received);
    }

    [Fact]
    public async Task A_content_filter_creates_no_delivery_for_events_that_do_not_match_and_delivers_those_that_do()
    {
        var tenant = await host.RegisterAsync("Filter");
        await using var receiver = await WebhookReceiver.StartAsync();
        var filtered = await host.AddSubscriptionAsync(tenant.Id, receiver.Url(),
            (s, _) => s.SetFilter("data.amount > 1000 && data.currency == \"EUR\""));

        var small = await host.PublishAsync(tenant.Id, data: """{"invoiceId":"INV-1","amount":999,"currency":"EUR"}""");
        var dollars = await host.PublishAsync(tenant.Id, data: """{"invoiceId":"INV-2","amount":5000,"currency":"USD"}""");
        var big = await host.PublishAsync(tenant.Id, data: """{"invoiceId":"INV-3","amount":5000,"currency":"EUR"}""");

        Assert.Equal(0, small.Deliveries);
        Assert.Equal(0, dollars.Deliveries);
        Assert.Equal(1, big.Deliveries);
        await host.WaitForDeliveryAsync(big.EventId, d => d.Status == DeliveryStatus.Succeeded);
        var request = Assert.Single(await receiver.WaitForAsync(1));
        Assert.Contains("INV-3", request.Body, StringComparison.Ordinal);
        await using var scope = host.CreateScope();
        var deliveries = await scope.Get<PortalDbContext>().Deliveries.IgnoreQueryFilters().AsNoTracking()
            .Where(d => d.SubscriptionId == filtered.Id).Select(d => d.EventId).ToListAsync();
        Assert.Equal([big.EventId], deliveries);
    }

    [Fact]
    public async Task Publishing_and_subscribing_by_an_alias_resolve_to_the_event_type()
    {
        await EnsureAliasAsync("legal-entity.onboarding", "legal_entity.onboarding");
        using var api = await host.CreateApiTenantAsync("Acube");
        await using var receiver = await WebhookReceiver.StartAsync();

        using var created = await api.Client.PostAsJsonAsync("/api/v1/subscriptions",
            new { name = "A-Cube onboarding", url = receiver.Url(), eventTypes = AliasOnly });
        var createdText = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, createdText);
        using (var subscription = JsonDocument.Parse(createdText))
            Assert.Equal(["legal_entity.onboarding"],
                subscription.RootElement.GetProperty("eventTypes").EnumerateArray().Select(e => e.GetString()));

        using var published = await api.Client.PostAsJsonAsync("/api/v1/events", new
        {
            eventType = "legal-entity.onboarding",
            data = new { status = "ONBOARDED", legalEntityUuid = "01990000-0000-7000-8000-000000000001" },
        });
        var publishedText = await published.Content.ReadAsStringAsync();
        Assert.True(published.StatusCode == HttpStatusCode.Accepted, publishedText);
        using var answer = JsonDocument.Parse(publishedText);
        Assert.Equal(1, answer.RootElement.GetProperty("deliveries").GetInt32());

        var request = Assert.Single(await receiver.WaitForAsync(1));
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("legal_entity.onboarding", body.RootElement.GetProperty("type").GetString());
        Assert.Equal("ONBOARDED", body.RootElement.GetProperty("data").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_slack_subscription_posts_a_message_slack_accepts_with_the_event_type_and_a_link_to_the_delivery()
    {
        var tenant = await host.RegisterAsync("Slack");
        await using var slack = await ChatFakes.StartSlackAsync();
        var subscription = await host.AddSubscriptionAsync(tenant.Id, slack.Url("/services/T000/B000/XXXX"),
            (s, _) => s.UseKind(SubscriptionKind.Slack));

        var published = await host.PublishAsync(tenant.Id, data: PaidData);
        var request = Assert.Single(await slack.WaitForAsync(1));
        var delivery = await host.WaitForDeliveryAsync(published.EventId, d => d.IsFinished);

        Assert.Empty(ChatFakes.SlackProblems(request.Body));
        Assert.Equal(DeliveryStatus.Succeeded, delivery.Status);
        Assert.Equal(200, Assert.Single(await host.AttemptsAsync(delivery.Id)).ResponseStatus);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Contains("invoice.status", body.RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("INV-7", request.Body, StringComparison.Ordinal);
        Assert.Contains($"<{DeliveryLink(subscription.Id, published.EventId)}|", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_teams_subscription_posts_an_adaptive_card_teams_accepts_with_the_event_type_and_a_link_to_the_delivery()
    {
        var tenant = await host.RegisterAsync("Teams");
        await using var teams = await ChatFakes.StartTeamsAsync();
        var subscription = await host.AddSubscriptionAsync(tenant.Id, teams.Url("/workflows/abc/triggers/manual/paths/invoke?sig=x"),
            (s, _) => s.UseKind(SubscriptionKind.Teams));

        var published = await host.PublishAsync(tenant.Id, data: PaidData);
        var request = Assert.Single(await teams.WaitForAsync(1));
        var delivery = await host.WaitForDeliveryAsync(published.EventId, d => d.IsFinished);

        Assert.Empty(ChatFakes.TeamsProblems(request.Body));
        Assert.Equal(DeliveryStatus.Succeeded, delivery.Status);
        Assert.Equal(202, Assert.Single(await host.AttemptsAsync(delivery.Id)).ResponseStatus);
        using var body = JsonDocument.Parse(request.Body);
        var card = body.RootElement.GetProperty("attachments")[0].GetProperty("content");
        Assert.Equal("invoice.status", card.GetProperty("body")[0].GetProperty("text").GetString());
        Assert.Contains("INV-7", request.Body, StringComparison.Ordinal);
        Assert.Equal(DeliveryLink(subscription.Id, published.EventId), card.GetProperty("actions")[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task The_chat_fakes_refuse_what_slack_and_teams_refuse()
    {
        // The fakes would catch a wrong shape: a plain envelope is neither a Slack nor a Teams message.
        const string envelope = """{"id":"x","type":"invoice.status","data":{"a":1}}""";
        Assert.NotEmpty(ChatFakes.SlackProblems(envelope));
        Assert.NotEmpty(ChatFakes.TeamsProblems(envelope));
        Assert.NotEmpty(ChatFakes.SlackProblems("""{"blocks":[{"type":"header","text":{"type":"mrkdwn","text":"x"}}]}"""));
        Assert.NotEmpty(ChatFakes.TeamsProblems("""{"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","content":{"type":"AdaptiveCard","version":"1.4","body":[],"actions":[{"type":"Action.OpenUrl","url":"/relative"}]}}]}"""));

        var tenant = await host.RegisterAsync("ChatFake");
        await using var slack = await ChatFakes.StartSlackAsync();
        await host.AddSubscriptionAsync(tenant.Id, slack.Url(), (s, _) => s.NoRetries()); // a webhook, not a Slack kind
        var published = await host.PublishAsync(tenant.Id, data: PaidData);
        var delivery = await host.WaitForDeliveryAsync(published.EventId, d => d.IsFinished);
        Assert.Equal(DeliveryStatus.Exhausted, delivery.Status);
        Assert.Equal(400, Assert.Single(await host.AttemptsAsync(delivery.Id)).ResponseStatus);
    }

    private static string DeliveryLink(Guid subscriptionId, Guid eventId) =>
        $"{PortalBaseUrl}/deliveries?subscription={subscriptionId}&event={eventId}";

    private async Task<Delivery> WaitForSubscriptionDeliveryAsync(Guid eventId, Guid subscriptionId, Func<Delivery, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        Delivery? last = null;
        while (DateTime.UtcNow < deadline)
        {
            await using var scope = host.CreateScope();
            last = await scope.Get<PortalDbContext>().Deliveries.IgnoreQueryFilters().AsNoTracking()
                .FirstOrDefaultAsync(d => d.EventId == eventId && d.SubscriptionId == subscriptionId);
            if (last is not null && done(last))
                return last;
            await Task.Delay(50);
        }
        throw new TimeoutException($"The delivery of {eventId} to {subscriptionId} did not finish; last: {last?.Status}.");
    }

    private async Task EnsureAliasAsync(string alias, string eventType)
    {
        await using var scope = host.CreateScope();
        var db = scope.Get<PortalDbContext>();
        if (!await db.EventTypeAliases.AnyAsync(a => a.Alias == alias))
        {
            db.EventTypeAliases.Add(new EventTypeAlias(alias, eventType));
            await db.SaveChangesAsync();
        }
    }
}

/// <summary>A host whose portal address is known, so chat messages can link to the delivery.</summary>
public sealed class SqliteShapingHost() : PortalHost(DatabaseProvider.Sqlite, ShapingHostSettings.Values);

public sealed class PostgresShapingHost() : PortalHost(DatabaseProvider.Postgres, ShapingHostSettings.Values);

internal static class ShapingHostSettings
{
    public static readonly Dictionary<string, string?> Values = new()
    {
        ["Smtp:PortalBaseUrl"] = PayloadShapingDeliveryTests.PortalBaseUrl,
    };
}

public sealed class SqlitePayloadShapingDeliveryTests(SqliteShapingHost host)
    : PayloadShapingDeliveryTests(host.Factory), IClassFixture<SqliteShapingHost>;

public sealed class PostgresPayloadShapingDeliveryTests(PostgresShapingHost host)
    : PayloadShapingDeliveryTests(host.Factory), IClassFixture<PostgresShapingHost>;
