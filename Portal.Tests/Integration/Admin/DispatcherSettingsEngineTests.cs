using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Audit;
using Portal.Domain.Deliveries;
using Portal.Features.Admin.Dispatcher;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;
using Portal.Tests.Integration.Dispatch;

namespace Portal.Tests.Integration.Admin;

/// <summary>An admin's dispatcher settings reach the running engine without a restart. The host starts as in
/// Production (loopback refused) with up to 4 calls in flight per subscription.</summary>
public sealed class DispatcherSettingsEngineTests : IAsyncLifetime
{
    private static readonly TimeSpan ReceiverDelay = TimeSpan.FromMilliseconds(400);
    private static readonly string[] InvoiceStatus = ["invoice.status"];
    private PortalAppFactory _host = null!;

    public async Task InitializeAsync()
    {
        _host = await PortalAppFactory.CreateAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>
        {
            ["Delivery:Ssrf:AllowLoopback"] = "false",
            ["Delivery:MaxConcurrencyPerSubscription"] = "4",
            ["Delivery:IdlePollInterval"] = "00:00:00.200",
        });
        _host.StartServer();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Allowing_loopback_lets_the_running_engine_reach_a_local_receiver()
    {
        var tenant = await _host.RegisterAsync("Allowlist");
        await using var receiver = await WebhookReceiver.StartAsync();
        await _host.AddSubscriptionAsync(tenant.Id, receiver.Url(), (s, _) => s.NoRetries());

        var refused = await _host.PublishAsync(tenant.Id);
        var blocked = await _host.WaitForDeliveryAsync(refused.EventId, d => d.Status == DeliveryStatus.Exhausted);
        Assert.Equal(AttemptErrorKind.SsrfBlocked, Assert.Single(await _host.AttemptsAsync(blocked.Id)).ErrorKind);

        await SaveAsync(s => s.AllowLoopback = true);

        var allowed = await _host.PublishAsync(tenant.Id);
        await _host.WaitForDeliveryAsync(allowed.EventId, d => d.Status == DeliveryStatus.Succeeded);
        Assert.Single(await receiver.WaitForAsync(1));

        // The operators' audit log names the changed field.
        await using var scope = _host.CreateScope();
        var audited = await scope.Get<PortalDbContext>().AuditEntries.IgnoreQueryFilters().AsNoTracking()
            .SingleAsync(e => e.Action == AuditActions.SettingsChanged && e.TargetId == DispatcherSettings.Name);
        Assert.Equal("Changed: allowLoopback.", audited.Details);
    }

    [Fact]
    public async Task Lowering_a_subscriptions_in_flight_limit_serialises_its_calls_at_once()
    {
        await SaveAsync(s => s.AllowLoopback = true);
        var tenant = await _host.RegisterAsync("Limits");
        await using var receiver = await WebhookReceiver.StartAsync(_ => new ReceiverResponse(Delay: ReceiverDelay));
        var subscription = await _host.AddSubscriptionAsync(tenant.Id, receiver.Url(), (s, _) => s.NoRetries());

        var first = new List<Guid>();
        for (var i = 0; i < 4; i++)
            first.Add((await _host.PublishAsync(tenant.Id)).EventId);
        var parallel = await receiver.WaitForAsync(4);
        Assert.True(Spread(parallel) < ReceiverDelay, $"4 calls in flight at once, spread {Spread(parallel)}");

        // Each subscription has its own limit now (the admin's setting is the default for new ones); the claim reads it
        // on every round.
        await using (var change = _host.CreateScope())
            await change.Get<PortalDbContext>().Subscriptions.IgnoreQueryFilters().Where(s => s.Id == subscription.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.MaxInFlight, 1));
        foreach (var eventId in first) // the first four are answered and recorded: their slots are free
            await _host.WaitForDeliveryAsync(eventId, d => d.Status == DeliveryStatus.Succeeded);
        for (var i = 0; i < 3; i++)
            await _host.PublishAsync(tenant.Id);
        var serial = (await receiver.WaitForAsync(7)).Skip(4).ToList();
        for (var i = 1; i < serial.Count; i++)
            Assert.True(serial[i].At - serial[i - 1].At >= ReceiverDelay * 0.9,
                $"call {i} started {serial[i].At - serial[i - 1].At} after the previous one");
    }

    [Fact]
    public async Task The_api_create_path_uses_the_admins_defaults_when_the_caller_does_not_say()
    {
        await SaveAsync(s =>
        {
            s.DefaultTimeoutMs = 5000;
            s.DefaultRetryPreset = Portal.Domain.Subscriptions.RetryPreset.Accredit;
            s.DefaultSigningScheme = Portal.Domain.Subscriptions.SigningScheme.None;
        });
        using var api = await _host.CreateApiTenantAsync("Defaults");

        var response = await api.Client.PostAsJsonAsync("/api/v1/subscriptions",
            new { name = "erp", url = "https://hooks.example.com/in", eventTypes = InvoiceStatus });

        response.EnsureSuccessStatusCode();
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(5000, (int)body["timeoutMs"]!);
        Assert.Equal("accredit", (string)body["retry"]!["preset"]!);
        Assert.Equal("none", (string)body["signing"]!["scheme"]!);
    }

    private async Task SaveAsync(Action<DispatcherSettings> change)
    {
        await using var scope = _host.CreateScope();
        var service = scope.Get<EditDispatcherSettings>();
        var settings = service.Current();
        change(settings);
        var result = await service.SaveAsync(settings);
        Assert.Null(result.Error);
    }

    private static TimeSpan Spread(IReadOnlyList<ReceivedRequest> requests) =>
        requests.Max(r => r.At) - requests.Min(r => r.At);
}
