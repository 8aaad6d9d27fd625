using System.Reflection;
using Bunit;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor;
using Portal.Dispatch;
using Portal.Features.Admin.Dispatcher;
using Portal.Features.Admin.Health;
using Portal.Identity;
using Portal.Settings;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Admin.Dispatcher;

public sealed class DispatcherSettingsPageTests : IAsyncLifetime
{
    private FeatureTestDatabase _database = default!;

    public async Task InitializeAsync() => _database = await FeatureTestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private BunitContext NewContext()
    {
        var ctx = new BunitContext();
        ctx.UsePortalServices(_database);
        ctx.UseAuditTrail(_database);
        ctx.Services.AddSingleton<IOptionsMonitor<DeliveryOptions>>(new StaticOptionsMonitor<DeliveryOptions>(new DeliveryOptions()));
        ctx.Services.AddSingleton<IOptionsMonitor<RetentionOptions>>(new StaticOptionsMonitor<RetentionOptions>(new RetentionOptions()));
        ctx.Services.AddSingleton(new StoredSettings(TimeProvider.System, NullLogger<StoredSettings>.Instance));
        ctx.Services.AddSingleton<IValidator<DispatcherSettings>, DispatcherSettingsValidator>();
        ctx.Services.AddScoped<EditDispatcherSettings>();
        ctx.Render<MudPopoverProvider>();
        return ctx;
    }

    [Fact]
    public async Task Invalid_values_show_their_message_next_to_the_field_and_nothing_is_saved()
    {
        await using var ctx = NewContext();
        var cut = ctx.Render<DispatcherSettingsPage>();
        cut.WaitForAssertion(() => Assert.Equal("64", cut.Find("input[data-field=maxConcurrency]").GetAttribute("value")));

        await cut.Find("input[data-field=maxConcurrency]").ChangeAsync(new() { Value = "0" });
        await cut.Find("textarea[data-field=allowedNetworks]").ChangeAsync(new() { Value = "10.20.0.0/16\nnot-a-network\n10.1.2.3/8" });
        await cut.Find("input[data-field=retentionDays]").ChangeAsync(new() { Value = "0" });
        await cut.Find("form").SubmitAsync();

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Between 1 and 1024 calls in flight per host.", HelperText(cut, "maxConcurrency"));
            Assert.Equal("Not a network in CIDR notation with its base address (e.g. 10.20.0.0/16): 'not-a-network', '10.1.2.3/8'.",
                HelperText(cut, "allowedNetworks"));
            Assert.Equal("Keep history between 1 and 3650 days.", HelperText(cut, "retentionDays"));
        });
        Assert.Null(ctx.Services.GetRequiredService<StoredSettings>().Get<DispatcherSettings>(DispatcherSettings.Name));

        // The message follows the fix.
        await cut.Find("input[data-field=maxConcurrency]").ChangeAsync(new() { Value = "32" });
        cut.WaitForAssertion(() => Assert.Equal("", HelperText(cut, "maxConcurrency")));
    }

    [Fact]
    public async Task Valid_values_are_saved_as_the_stored_dispatcher_document()
    {
        await using var ctx = NewContext();
        var cut = ctx.Render<DispatcherSettingsPage>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("form")));

        await cut.Find("input[data-field=maxConcurrencyPerSubscription]").ChangeAsync(new() { Value = "4" });
        await cut.Find("textarea[data-field=allowedNetworks]").ChangeAsync(new() { Value = "10.20.0.0/16" });
        await cut.Find("form").SubmitAsync();

        cut.WaitForAssertion(() =>
        {
            var stored = ctx.Services.GetRequiredService<StoredSettings>().Get<DispatcherSettings>(DispatcherSettings.Name);
            Assert.NotNull(stored);
            Assert.Equal(4, stored.MaxConcurrencyPerSubscription);
            Assert.Equal(["10.20.0.0/16"], stored.AllowedNetworks);
        });
    }

    [Theory]
    [InlineData(typeof(DispatcherSettingsPage))]
    [InlineData(typeof(SystemHealthPage))]
    public void Admin_pages_are_routed_and_require_the_admin_role(Type page)
    {
        Assert.NotNull(page.GetCustomAttribute<RouteAttribute>());
        Assert.Equal(PortalRoles.Admin, page.GetCustomAttribute<AuthorizeAttribute>()?.Roles);
    }

    private static string HelperText(IRenderedComponent<DispatcherSettingsPage> cut, string field) =>
        cut.Find($"[data-field={field}]").Closest(".mud-input-control")!.QuerySelector(".mud-input-helper-text")?.TextContent.Trim() ?? "";
}
