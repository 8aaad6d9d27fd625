using Portal.Domain.Subscriptions;
using Portal.Features.Admin.Dispatcher;

namespace Portal.Tests.Features.Admin.Dispatcher;

public sealed class DispatcherSettingsValidatorTests
{
    private static DispatcherSettings Valid() => new()
    {
        MaxConcurrency = 64, MaxConcurrencyPerSubscription = 8, RetentionDays = 30, AllowedNetworks = ["10.20.0.0/16", "fd00::/8"],
    };

    private static Dictionary<string, string> Errors(DispatcherSettings settings) =>
        new DispatcherSettingsValidator().Validate(settings).Errors.ToDictionary(e => e.PropertyName, e => e.ErrorMessage);

    [Fact]
    public void Sensible_settings_pass() => Assert.Empty(Errors(Valid()));

    [Theory]
    [InlineData(0)]
    [InlineData(1_000_001)]
    public void A_subscription_cap_out_of_range_is_refused(int cap)
    {
        var settings = Valid();
        settings.MaxSubscriptionsPerTenant = cap;
        Assert.Contains(nameof(DispatcherSettings.MaxSubscriptionsPerTenant), Errors(settings).Keys);
    }

    [Fact]
    public void A_default_preset_that_needs_per_subscription_settings_is_refused()
    {
        var settings = Valid();
        settings.DefaultRetryPreset = RetryPreset.Akuiteo;
        Assert.Contains(nameof(DispatcherSettings.DefaultRetryPreset), Errors(settings).Keys);
    }

    [Fact]
    public void The_per_subscription_limit_cannot_exceed_the_per_host_one()
    {
        var settings = Valid();
        settings.MaxConcurrency = 4;
        Assert.Equal("Cannot be more than the per-host limit.", Errors(settings)[nameof(DispatcherSettings.MaxConcurrencyPerSubscription)]);
    }

    [Fact]
    public void Empty_auto_disable_rules_mean_off_and_are_valid()
    {
        var settings = Valid();
        settings.AutoDisableAfterConsecutiveFailures = null;
        settings.AutoDisableAfterFailingForHours = null;
        Assert.Empty(Errors(settings));
        settings.AutoDisableAfterFailingForHours = 0;
        Assert.Contains(nameof(DispatcherSettings.AutoDisableAfterFailingForHours), Errors(settings).Keys);
    }
}
