using Portal.Domain.Common;
using Portal.Domain.Subscriptions;
using Portal.Tests.Infrastructure.Builders;

namespace Portal.Tests.Domain.Subscriptions;

public sealed class SubscriptionTests
{
    private static readonly DateTimeOffset Later = TestClock.Now.AddHours(1);

    [Fact]
    public void New_subscription_is_active_with_POST_default_timeout_and_empty_stats()
    {
        var tenantId = Guid.NewGuid();

        var subscription = new SubscriptionBuilder().ForTenant(tenantId).WithEventTypes("invoice.status", "invoice.inbound").Build();

        Assert.Equal(tenantId, subscription.TenantId);
        Assert.Equal(SubscriptionState.Active, subscription.State);
        Assert.True(subscription.IsActive);
        Assert.Equal("POST", subscription.HttpMethod);
        Assert.Equal(Subscription.DefaultTimeoutMs, subscription.TimeoutMs);
        Assert.Equal(SubscriptionStats.Empty, subscription.Stats);
        Assert.Equal(["invoice.status", "invoice.inbound"], subscription.EventTypes.Select(e => e.Name));
    }

    [Fact]
    public void Constructor_without_event_types_throws()
    {
        Assert.Throws<DomainException>(() => new SubscriptionBuilder().WithEventTypes().Build());
    }

    [Fact]
    public void Constructor_with_an_invalid_event_type_name_throws()
    {
        Assert.Throws<DomainException>(() => new SubscriptionBuilder().WithEventTypes("invoice.status", "not a name").Build());
    }

    [Fact]
    public void SetEventTypes_trims_and_removes_duplicates()
    {
        var subscription = new SubscriptionBuilder().Build();

        subscription.SetEventTypes([" employee.created", "employee.created", "employee.deleted "]);

        Assert.Equal(["employee.created", "employee.deleted"], subscription.EventTypes.Select(e => e.Name));
    }

    [Fact]
    public void RemoveEventTypes_removes_only_the_named_ones()
    {
        var subscription = new SubscriptionBuilder().WithEventTypes("ledgerpayment", "statuschange").Build();

        subscription.RemoveEventTypes(["statuschange"]);

        Assert.Equal(["ledgerpayment"], subscription.EventTypes.Select(e => e.Name));
    }

    [Fact]
    public void RemoveEventTypes_refuses_to_remove_the_last_one()
    {
        var subscription = new SubscriptionBuilder().WithEventTypes("ledgerpayment", "statuschange").Build();

        Assert.Throws<DomainException>(() => subscription.RemoveEventTypes(["ledgerpayment", "statuschange"]));
        Assert.Equal(2, subscription.EventTypes.Count);
    }

    [Theory]
    [InlineData("https://receiver.example.com/hooks")]
    [InlineData("http://localhost:5099/hooks?x=1")]
    [InlineData("  https://receiver.example.com/trimmed  ")]
    public void ChangeEndpoint_accepts_absolute_http_and_https_urls(string url)
    {
        var subscription = new SubscriptionBuilder().Build();

        subscription.ChangeEndpoint(url, "put", 5_000);

        Assert.Equal(url.Trim(), subscription.Url);
        Assert.Equal("PUT", subscription.HttpMethod);
        Assert.Equal(5_000, subscription.TimeoutMs);
    }

    [Theory]
    [InlineData("")]
    [InlineData("receiver.example.com/hooks")]
    [InlineData("/relative/path")]
    [InlineData("ftp://receiver.example.com/hooks")]
    [InlineData("file:///etc/passwd")]
    [InlineData("https://user:secret@receiver.example.com/hooks")]
    public void ChangeEndpoint_rejects_urls_that_are_not_absolute_http(string url)
    {
        var subscription = new SubscriptionBuilder().Build();

        Assert.Throws<DomainException>(() => subscription.ChangeEndpoint(url, "POST", 5_000));
    }

    [Fact]
    public void ChangeEndpoint_rejects_a_url_longer_than_the_maximum()
    {
        var url = "https://receiver.example.com/" + new string('a', WebhookUrl.MaxLength);

        Assert.Throws<DomainException>(() => new SubscriptionBuilder().WithUrl(url).Build());
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    [InlineData("")]
    public void ChangeEndpoint_rejects_methods_other_than_POST_PUT_PATCH(string method)
    {
        Assert.Throws<DomainException>(() => new SubscriptionBuilder().WithMethod(method).Build());
    }

    [Theory]
    [InlineData(Subscription.MinTimeoutMs)]
    [InlineData(Subscription.MaxTimeoutMs)]
    public void ChangeEndpoint_accepts_timeouts_at_the_bounds(int timeoutMs)
    {
        Assert.Equal(timeoutMs, new SubscriptionBuilder().WithTimeout(timeoutMs).Build().TimeoutMs);
    }

    [Theory]
    [InlineData(Subscription.MinTimeoutMs - 1)]
    [InlineData(Subscription.MaxTimeoutMs + 1)]
    [InlineData(0)]
    public void ChangeEndpoint_rejects_timeouts_out_of_bounds(int timeoutMs)
    {
        Assert.Throws<DomainException>(() => new SubscriptionBuilder().WithTimeout(timeoutMs).Build());
    }

    [Theory]
    [InlineData(AuthType.Header, null, "token")]
    [InlineData(AuthType.Header, " ", "token")]
    [InlineData(AuthType.Query, "token", null)]
    [InlineData(AuthType.Query, "token", "")]
    public void ConfigureAuth_without_key_and_token_throws(AuthType type, string? key, string? token)
    {
        var subscription = new SubscriptionBuilder().Build();

        Assert.Throws<DomainException>(() => subscription.ConfigureAuth(new EndpointAuth(type, key, token)));
        Assert.Equal(EndpointAuth.None, subscription.Auth);
    }

    [Fact]
    public void ConfigureAuth_with_key_and_token_keeps_them_with_the_key_trimmed()
    {
        var subscription = new SubscriptionBuilder().Build();

        subscription.ConfigureAuth(new EndpointAuth(AuthType.Header, " X-Auth ", "protected-token"));

        Assert.Equal(new EndpointAuth(AuthType.Header, "X-Auth", "protected-token"), subscription.Auth);
    }

    [Fact]
    public void ConfigureAuth_with_type_none_drops_key_and_token()
    {
        var subscription = new SubscriptionBuilder().WithAuth(new EndpointAuth(AuthType.Query, "token", "x")).Build();

        subscription.ConfigureAuth(new EndpointAuth(AuthType.None, "ignored", "ignored"));

        Assert.Equal(EndpointAuth.None, subscription.Auth);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void ConfigureNotification_enabled_without_e_mail_throws(string? email)
    {
        var subscription = new SubscriptionBuilder().Build();

        Assert.Throws<DomainException>(() => subscription.ConfigureNotification(new NotificationSettings(email, Enabled: true)));
    }

    [Fact]
    public void ConfigureNotification_disabled_needs_no_e_mail()
    {
        var subscription = new SubscriptionBuilder().WithNotification(new NotificationSettings(null, Enabled: false)).Build();

        Assert.False(subscription.Notification.Enabled);
    }

    [Fact]
    public void ConfigureNotification_enabled_with_e_mail_is_kept()
    {
        var settings = new NotificationSettings("ops@acme.test", Enabled: true);

        Assert.Equal(settings, new SubscriptionBuilder().WithNotification(settings).Build().Notification);
    }

    [Fact]
    public void Pause_sets_state_and_time_without_reason()
    {
        var subscription = new SubscriptionBuilder().Build();

        subscription.Pause(Later);

        Assert.Equal(SubscriptionState.Paused, subscription.State);
        Assert.False(subscription.IsActive);
        Assert.Null(subscription.DisabledReason);
        Assert.Equal(Later, subscription.StateChangedAt);
    }

    [Fact]
    public void Disable_records_the_reason()
    {
        var subscription = new SubscriptionBuilder().Build();

        subscription.Disable("  410 Gone  ", Later);

        Assert.Equal(SubscriptionState.Disabled, subscription.State);
        Assert.Equal("410 Gone", subscription.DisabledReason);
        Assert.Equal(Later, subscription.StateChangedAt);
    }

    [Fact]
    public void Disable_without_reason_throws()
    {
        var subscription = new SubscriptionBuilder().Build();

        Assert.Throws<DomainException>(() => subscription.Disable(" ", Later));
        Assert.Equal(SubscriptionState.Active, subscription.State);
    }

    [Fact]
    public void Resume_from_paused_is_active_again()
    {
        var subscription = new SubscriptionBuilder().Paused().Build();

        subscription.Resume(Later);

        Assert.Equal(SubscriptionState.Active, subscription.State);
        Assert.Equal(Later, subscription.StateChangedAt);
    }

    [Fact]
    public void Resume_from_disabled_clears_the_reason_and_resets_the_failure_streak()
    {
        var subscription = new SubscriptionBuilder().Disabled("Endpoint kept failing").Build();
        SetStats(subscription, new SubscriptionStats(500, 3, 12, 9, TestClock.Now, TestClock.Now.AddDays(-5)));

        subscription.Resume(Later);

        Assert.Equal(SubscriptionState.Active, subscription.State);
        Assert.Null(subscription.DisabledReason);
        Assert.Equal(0, subscription.Stats.ConsecutiveFailures);
        Assert.Null(subscription.Stats.FailingSince);
        // History is kept: only the streak restarts.
        Assert.Equal(12, subscription.Stats.TotalCalls);
        Assert.Equal(3, subscription.Stats.SuccessfulCalls);
        Assert.Equal(500, subscription.Stats.LatestResponseCode);
    }

    [Fact]
    public void Resume_from_paused_keeps_the_failure_streak()
    {
        var subscription = new SubscriptionBuilder().Paused().Build();
        SetStats(subscription, new SubscriptionStats(500, 0, 4, 4, TestClock.Now, TestClock.Now));

        subscription.Resume(Later);

        Assert.Equal(4, subscription.Stats.ConsecutiveFailures);
    }

    [Fact]
    public void Rename_with_a_blank_name_throws()
    {
        var subscription = new SubscriptionBuilder().Build();

        Assert.Throws<DomainException>(() => subscription.Rename(""));
    }

    /// <summary>Stats are written by the dispatcher (not part of this domain slice yet); set them the way EF does.</summary>
    private static void SetStats(Subscription subscription, SubscriptionStats stats) =>
        typeof(Subscription).GetProperty(nameof(Subscription.Stats))!.SetValue(subscription, stats);
}
