using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Dispatch;
using Portal.Domain.Deliveries;
using Portal.Domain.Dispatch;
using Portal.Domain.Subscriptions;
using Portal.Features.Deliveries;
using Portal.Features.Publishing;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Dispatch;

/// <summary>The delivery engine end to end on the real host: publish → dispatcher → a real receiver on 127.0.0.1.</summary>
public abstract class DeliveryEngineTests(PortalAppFactory host)
{
    [Fact]
    public async Task A_subscription_deleted_while_its_delivery_is_in_flight_does_not_stop_recording()
    {
        var tenant = await host.RegisterAsync("Deleted");
        using var metrics = new MetricsProbe(host.Services.GetRequiredService<PortalMetrics>().Meter);
        await using var slow = await WebhookReceiver.StartAsync(_ => new ReceiverResponse(Delay: TimeSpan.FromSeconds(1)));
        var doomed = await host.AddSubscriptionAsync(tenant.Id, slow.Url(), eventTypes: "invoice.status");
        var first = await host.PublishAsync(tenant.Id);
        await slow.WaitForAsync(1); // in flight: the receiver answers in a second

        await using (var scope = host.CreateScope())
        {
            // Its deliveries go with it (cascade): the answer arrives for a delivery that no longer exists.
            await scope.Get<PortalDbContext>().Subscriptions.IgnoreQueryFilters()
                .Where(s => s.Id == doomed.Id).ExecuteDeleteAsync();
        }

        // The answer came and went through the recorder (counted, although its delivery is gone).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (metrics.Counter("portal.deliveries.sent") < 1)
        {
            Assert.True(DateTime.UtcNow < deadline, "The in-flight answer was never recorded.");
            await Task.Delay(50);
        }

        await using var ok = await WebhookReceiver.StartAsync();
        await host.AddSubscriptionAsync(tenant.Id, ok.Url(), eventTypes: "invoice.status");
        var second = await host.PublishAsync(tenant.Id);

        // The recorder is still there to record the next delivery.
        await host.WaitForDeliveryAsync(second.EventId, d => d.Status == DeliveryStatus.Succeeded);
        await using var check = host.CreateScope();
        Assert.False(await check.Get<PortalDbContext>().Deliveries.IgnoreQueryFilters().AnyAsync(d => d.EventId == first.EventId));
    }

    [Fact]
    public async Task Published_event_reaches_the_receiver_with_the_exact_headers_and_body()
    {
        var tenant = await host.RegisterAsync("Wire");
        await using var receiver = await WebhookReceiver.StartAsync();
        var secret = StandardWebhookSecret.Generate();
        var subscription = await host.AddSubscriptionAsync(tenant.Id, receiver.Url("/hook?existing=1"), (s, p) =>
        {
            s.ConfigureSigning(new SigningSettings(SigningScheme.StandardWebhooks, null, p.Protect(secret), null, null));
            s.ConfigureAuth(new EndpointAuth(AuthType.Header, "Bearer", p.Protect("tok-123")));
            s.SetHeaders([new CustomHeader("X-Tenant-Ref", p.Protect("acme-42"))]);
        });

        var published = await host.PublishAsync(tenant.Id, data: """{"invoiceId":"INV-7","amount":12.5}""");
        var request = (await receiver.WaitForAsync(1))[0];
        var delivery = await host.WaitForDeliveryAsync(published.EventId, d => d.Status == DeliveryStatus.Succeeded);

        Assert.Equal(1, published.Deliveries);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/hook?existing=1", request.PathAndQuery);
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.StartsWith("Portal-Webhooks/", request.Header("User-Agent"), StringComparison.Ordinal);
        Assert.Equal(delivery.WebhookId, request.Header("webhook-id"));
        Assert.Equal(delivery.WebhookId, request.Header("X-JobId"));
        Assert.Equal("0", request.Header("X-JobAttempt"));
        Assert.Equal("Bearer tok-123", request.Header("Authorization"));
        Assert.Equal("acme-42", request.Header("X-Tenant-Ref"));

        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(published.EventId.ToString(), body.RootElement.GetProperty("id").GetString());
        Assert.Equal("invoice.status", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(tenant.Id.ToString(), body.RootElement.GetProperty("tenantId").GetString());
        Assert.Contains("""{"invoiceId":"INV-7","amount":12.5}""", request.Body, StringComparison.Ordinal);

        var timestamp = request.Header("webhook-timestamp");
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(key,
            Encoding.UTF8.GetBytes($"{delivery.WebhookId}.{timestamp}.{request.Body}")));
        Assert.Equal($"v1,{expected}", request.Header("webhook-signature"));

        var attempt = Assert.Single(await host.AttemptsAsync(delivery.Id));
        Assert.Equal(200, attempt.ResponseStatus);
        Assert.DoesNotContain("tok-123", attempt.RequestHeaders, StringComparison.Ordinal);
        Assert.DoesNotContain("acme-42", attempt.RequestHeaders, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failure_then_success_makes_two_attempts_and_keeps_stats()
    {
        var tenant = await host.RegisterAsync("Retry");
        await using var receiver = await WebhookReceiver.StartWithStatusesAsync(500, 200);
        var subscription = await host.AddSubscriptionAsync(tenant.Id, receiver.Url(), (s, _) => s.RetryAfterSeconds("1"));

        var published = await host.PublishAsync(tenant.Id);
        var requests = await receiver.WaitForAsync(2);
        var delivery = await host.WaitForDeliveryAsync(published.EventId, d => d.Status == DeliveryStatus.Succeeded);

        Assert.Equal(["0", "1"], requests.Select(r => r.Header("X-JobAttempt")));
        Assert.Single(requests.Select(r => r.Header("webhook-id")).Distinct());
        Assert.Equal(2, delivery.AttemptCount);
        var attempts = await host.AttemptsAsync(delivery.Id);
        Assert.Equal([500, 200], attempts.Select(a => a.ResponseStatus));
        var stats = (await host.WaitForSubscriptionAsync(subscription.Id, s => s.Stats.TotalCalls == 2)).Stats;
        Assert.Equal(200, stats.LatestResponseCode);
        Assert.Equal(1, stats.SuccessfulCalls);
        Assert.Equal(2, stats.TotalCalls);
        Assert.Equal(0, stats.ConsecutiveFailures);
    }

    [Fact]
    public async Task A_slow_receiver_is_recorded_as_a_timeout()
    {
        var tenant = await host.RegisterAsync("Slow");
        await using var receiver = await WebhookReceiver.StartAsync(_ => new ReceiverResponse(Delay: TimeSpan.FromSeconds(5)));
        await host.AddSubscriptionAsync(tenant.Id, receiver.Url(), (s, _) =>
        {
            s.ChangeEndpoint(s.Url, "POST", 1_000);
            s.NoRetries();
        });

        var published = await host.PublishAsync(tenant.Id);
        var delivery = await host.WaitForDeliveryAsync(published.EventId, d => d.Status == DeliveryStatus.Exhausted);

        var attempt = Assert.Single(await host.AttemptsAsync(delivery.Id));
        Assert.Equal(AttemptErrorKind.Timeout, attempt.ErrorKind);
        Assert.Null(attempt.ResponseStatus);
        Assert.InRange(attempt.DurationMs, 900, 4_000);
    }

    [Fact]
    public async Task A_closed_port_is_recorded_as_connection_refused()
    {
        var tenant = await host.RegisterAsync("Refused");
        var url = $"http://127.0.0.1:{FreePort()}/hook";
        await host.AddSubscriptionAsync(tenant.Id, url, (s, _) => s.NoRetries());

        var published = await host.PublishAsync(tenant.Id);
        var delivery = await host.WaitForDeliveryAsync(published.EventId, d => d.Status == DeliveryStatus.Exhausted);

        Assert.Equal(AttemptErrorKind.ConnectionRefused, Assert.Single(await host.AttemptsAsync(delivery.Id)).ErrorKind);
    }

    [Fact]
    public async Task Same_idempotency_key_twice_is_one_event_and_one_fan_out()
    {
        var tenant = await host.RegisterAsync("Idem");
        await using var receiver = await WebhookReceiver.StartAsync();
        await host.AddSubscriptionAsync(tenant.Id, receiver.Url());

        var first = await host.PublishAsync(tenant.Id, idempotencyKey: "order-1");
        var second = await host.PublishAsync(tenant.Id, idempotencyKey: "order-1");

        Assert.Equal(first.EventId, second.EventId);
        Assert.False(first.Duplicate);
        Assert.True(second.Duplicate);
        await using var scope = host.CreateScope();
        var db = scope.Get<PortalDbContext>();
        Assert.Equal(1, await db.Events.IgnoreQueryFilters().CountAsync(e => e.TenantId == tenant.Id));
        Assert.Equal(1, await db.Deliveries.IgnoreQueryFilters().CountAsync(d => d.TenantId == tenant.Id));
    }

    [Fact]
    public async Task Suppressed_publish_stores_the_event_and_no_delivery()
    {
        var tenant = await host.RegisterAsync("Quiet");
        await using var receiver = await WebhookReceiver.StartAsync();
        await host.AddSubscriptionAsync(tenant.Id, receiver.Url());

        var published = await host.PublishAsync(tenant.Id, suppress: true);

        Assert.Equal(0, published.Deliveries);
        await using var scope = host.CreateScope();
        var stored = await scope.Get<PortalDbContext>().Events.IgnoreQueryFilters().SingleAsync(e => e.Id == published.EventId);
        Assert.True(stored.DeliveriesSuppressed);
        await Task.Delay(300);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task Unknown_event_type_is_a_validation_error_and_stores_nothing()
    {
        var tenant = await host.RegisterAsync("Unknown");
        await using var scope = host.CreateScope();

        var result = await scope.Get<EventPublisher>().PublishAsync(new PublishEvent(tenant.Id, "nothing.here", "{}"));

        Assert.False(result.Succeeded);
        Assert.Contains("nothing.here", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(0, await scope.Get<PortalDbContext>().Events.IgnoreQueryFilters().CountAsync(e => e.TenantId == tenant.Id));
    }

    [Fact]
    public async Task A_paused_subscription_queues_without_sending_and_other_event_types_get_nothing()
    {
        var tenant = await host.RegisterAsync("Fanout");
        await using var receiver = await WebhookReceiver.StartAsync();
        await host.AddSubscriptionAsync(tenant.Id, receiver.Url("/a"));
        await host.AddSubscriptionAsync(tenant.Id, receiver.Url("/b"), null, "invoice.status", "invoice.inbound");
        var paused = await host.AddSubscriptionAsync(tenant.Id, receiver.Url("/paused"), (s, _) => s.Pause(DateTimeOffset.UtcNow));
        await host.AddSubscriptionAsync(tenant.Id, receiver.Url("/other"), null, "employee.created");

        var published = await host.PublishAsync(tenant.Id);
        var requests = await receiver.WaitForAsync(2);
        await Task.Delay(300);

        Assert.Equal(3, published.Deliveries);
        Assert.Equal(["/a", "/b"], receiver.Received.Select(r => r.PathAndQuery).Order());
        await using var scope = host.CreateScope();
        var waiting = await scope.Get<PortalDbContext>().Deliveries.IgnoreQueryFilters().AsNoTracking()
            .SingleAsync(d => d.EventId == published.EventId && d.SubscriptionId == paused.Id);
        Assert.Equal(DeliveryStatus.Pending, waiting.Status);
        Assert.Equal(0, waiting.AttemptCount);
        Assert.Equal(2, requests.Count);
    }

    [Fact]
    public async Task Retrigger_resends_with_the_same_webhook_id_and_the_next_attempt_number()
    {
        var tenant = await host.RegisterAsync("Again");
        await using var receiver = await WebhookReceiver.StartAsync();
        await host.AddSubscriptionAsync(tenant.Id, receiver.Url());
        var published = await host.PublishAsync(tenant.Id);
        var delivery = await host.WaitForDeliveryAsync(published.EventId, d => d.Status == DeliveryStatus.Succeeded);

        await using (var scope = await host.CreateScopeSignedInAsync(tenant.Owner))
            Assert.True((await scope.Get<RetriggerDelivery>().ExecuteAsync(delivery.Id)).Succeeded);
        var requests = await receiver.WaitForAsync(2);
        await host.WaitForDeliveryAsync(published.EventId, d => d.AttemptCount == 2 && d.Status == DeliveryStatus.Succeeded);

        Assert.Equal(requests[0].Header("webhook-id"), requests[1].Header("webhook-id"));
        Assert.Equal("1", requests[1].Header("X-JobAttempt"));
        var manual = (await host.AttemptsAsync(delivery.Id))[1];
        Assert.Equal(AttemptTrigger.Manual, manual.Trigger);
        Assert.Equal(tenant.Owner.Email, manual.TriggeredBy);
    }

    [Fact]
    public async Task Retrigger_of_another_tenants_delivery_is_not_found()
    {
        var owner = await host.RegisterAsync("Owner");
        var intruder = await host.RegisterAsync("Intruder");
        await using var receiver = await WebhookReceiver.StartAsync();
        await host.AddSubscriptionAsync(owner.Id, receiver.Url());
        var published = await host.PublishAsync(owner.Id);
        var delivery = await host.WaitForDeliveryAsync(published.EventId, d => d.Status == DeliveryStatus.Succeeded);

        await using var scope = await host.CreateScopeSignedInAsync(intruder.Owner);
        var result = await scope.Get<RetriggerDelivery>().ExecuteAsync(delivery.Id);

        Assert.Equal(Common.ErrorKind.NotFound, result.Error?.Kind);
        await Task.Delay(300);
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task Bulk_retrigger_requeues_exhausted_deliveries_in_the_background()
    {
        var tenant = await host.RegisterAsync("Bulk");
        var failing = true;
        await using var receiver = await WebhookReceiver.StartAsync(_ => new ReceiverResponse(failing ? 500 : 200));
        var subscription = await host.AddSubscriptionAsync(tenant.Id, receiver.Url(), (s, _) => s.NoRetries());
        var events = new List<Guid>();
        for (var i = 0; i < 3; i++)
            events.Add((await host.PublishAsync(tenant.Id)).EventId);
        foreach (var id in events)
            await host.WaitForDeliveryAsync(id, d => d.Status == DeliveryStatus.Exhausted);

        failing = false;
        Guid requestId;
        await using (var scope = await host.CreateScopeSignedInAsync(tenant.Owner))
            requestId = (await scope.Get<StartBulkRetrigger>()
                .ExecuteAsync(new BulkRetriggerFilter(subscription.Id, "invoice.status", null, null))).Value;

        foreach (var id in events)
            await host.WaitForDeliveryAsync(id, d => d.Status == DeliveryStatus.Succeeded);
        await using var check = host.CreateScope();
        var request = await check.Get<PortalDbContext>().BulkRetriggers.IgnoreQueryFilters().AsNoTracking()
            .FirstAsync(b => b.Id == requestId);
        Assert.Equal(BulkRetriggerStatus.Completed, request.Status);
        Assert.Equal(3, request.Total);
        Assert.Equal(3, request.Done);
    }

    [Fact]
    public async Task Gone_disables_the_subscription_and_stops_the_delivery()
    {
        var tenant = await host.RegisterAsync("Gone");
        await using var receiver = await WebhookReceiver.StartWithStatusesAsync(410);
        var subscription = await host.AddSubscriptionAsync(tenant.Id, receiver.Url(), (s, _) => s.RetryAfterSeconds("1,1,1"));

        var published = await host.PublishAsync(tenant.Id);
        var delivery = await host.WaitForDeliveryAsync(published.EventId, d => d.Status == DeliveryStatus.Exhausted);

        Assert.Equal(1, delivery.AttemptCount);
        var reloaded = await host.WaitForSubscriptionAsync(subscription.Id, s => s.State == SubscriptionState.Disabled);
        Assert.Equal(SubscriptionState.Disabled, reloaded.State);
        Assert.Contains("410", reloaded.DisabledReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hmac_and_rsa_signatures_verify_and_query_auth_merges_with_the_url()
    {
        var tenant = await host.RegisterAsync("Signed");
        await using var receiver = await WebhookReceiver.StartAsync();
        await host.AddSubscriptionAsync(tenant.Id, receiver.Url("/hmac?a=1"), (s, p) =>
        {
            s.ConfigureSigning(new SigningSettings(SigningScheme.HmacSha256, "X-Akuiteo-Signature", p.Protect("s3cret"), null, null));
            s.ConfigureAuth(new EndpointAuth(AuthType.Query, "token", p.Protect("a b&c")));
        });
        await host.AddSubscriptionAsync(tenant.Id, receiver.Url("/rsa"), (s, _) =>
            s.ConfigureSigning(new SigningSettings(SigningScheme.RsaSha256, null, null, null, null)));

        await host.PublishAsync(tenant.Id);
        var requests = await receiver.WaitForAsync(2);
        var hmac = requests.Single(r => r.PathAndQuery.StartsWith("/hmac", StringComparison.Ordinal));
        var rsa = requests.Single(r => r.PathAndQuery.StartsWith("/rsa", StringComparison.Ordinal));

        Assert.Equal("/hmac?a=1&token=a%20b%26c", hmac.PathAndQuery);
        var expectedHmac = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes("s3cret"), Encoding.UTF8.GetBytes(hmac.Body)));
        Assert.Equal(expectedHmac, hmac.Header("X-Akuiteo-Signature"));

        await using var scope = host.CreateScope();
        var publicPem = (await scope.Get<Portal.Secrets.PlatformKeyStore>().GetAsync(CancellationToken.None)).PublicKeyPem;
        using var publicKey = RSA.Create();
        publicKey.ImportFromPem(publicPem);
        Assert.True(publicKey.VerifyData(Encoding.UTF8.GetBytes(rsa.Body), Convert.FromBase64String(rsa.Header("X-Signature")),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public async Task During_rotation_the_previous_secret_signs_too()
    {
        var tenant = await host.RegisterAsync("Rotate");
        await using var receiver = await WebhookReceiver.StartAsync();
        var current = StandardWebhookSecret.Generate();
        var previous = StandardWebhookSecret.Generate();
        await host.AddSubscriptionAsync(tenant.Id, receiver.Url(), (s, p) => s.ConfigureSigning(new SigningSettings(
            SigningScheme.StandardWebhooks, null, p.Protect(current), p.Protect(previous), DateTimeOffset.UtcNow.AddHours(1))));

        await host.PublishAsync(tenant.Id);
        var request = (await receiver.WaitForAsync(1))[0];

        var signed = $"{request.Header("webhook-id")}.{request.Header("webhook-timestamp")}.{request.Body}";
        string Sign(string secret) => "v1," + Convert.ToBase64String(
            HMACSHA256.HashData(Convert.FromBase64String(secret["whsec_".Length..]), Encoding.UTF8.GetBytes(signed)));
        Assert.Equal($"{Sign(current)} {Sign(previous)}", request.Header("webhook-signature"));
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteDeliveryEngineTests(SqliteHost host) : DeliveryEngineTests(host.Factory);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresDeliveryEngineTests(PostgresHost host) : DeliveryEngineTests(host.Factory);
