using Portal.Data;
using Portal.Domain.Deliveries;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Dispatch;

/// <summary>A host configured as in Production (loopback not allowed): targets that are not public addresses are
/// refused at connect time, recorded as ssrf-blocked, and not retried.</summary>
public sealed class SsrfTests : IAsyncLifetime
{
    private PortalAppFactory _host = null!;

    public async Task InitializeAsync()
    {
        _host = await PortalAppFactory.CreateAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>
        {
            ["Delivery:Ssrf:AllowLoopback"] = "false",
            ["Delivery:IdlePollInterval"] = "00:00:00.200",
        });
        _host.StartServer();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("http://10.0.0.1/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[::1]:9/hook")]
    public async Task Non_public_targets_are_blocked_and_not_retried(string url)
    {
        var tenant = await _host.RegisterAsync("Ssrf");
        await _host.AddSubscriptionAsync(tenant.Id, url, (s, _) => s.RetryAfterSeconds("1,1,1"));

        var published = await _host.PublishAsync(tenant.Id);
        var delivery = await _host.WaitForDeliveryAsync(published.EventId, d => d.Status == DeliveryStatus.Exhausted);

        Assert.Equal(1, delivery.AttemptCount);
        var attempt = Assert.Single(await _host.AttemptsAsync(delivery.Id));
        Assert.Equal(AttemptErrorKind.SsrfBlocked, attempt.ErrorKind);
        Assert.Null(attempt.ResponseStatus);
    }

    [Fact]
    public async Task A_name_resolving_to_loopback_is_blocked_and_the_receiver_gets_nothing()
    {
        var tenant = await _host.RegisterAsync("Rebind");
        await using var receiver = await WebhookReceiver.StartAsync();
        await _host.AddSubscriptionAsync(tenant.Id, $"http://localhost:{receiver.BaseAddress.Port}/hook", (s, _) => s.NoRetries());

        var published = await _host.PublishAsync(tenant.Id);
        var delivery = await _host.WaitForDeliveryAsync(published.EventId, d => d.Status == DeliveryStatus.Exhausted);

        var attempt = Assert.Single(await _host.AttemptsAsync(delivery.Id));
        Assert.Equal(AttemptErrorKind.SsrfBlocked, attempt.ErrorKind);
        Assert.Contains("localhost", attempt.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }
}
