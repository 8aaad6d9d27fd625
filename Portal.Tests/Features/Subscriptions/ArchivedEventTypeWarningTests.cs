using Portal.Components.Shared;
using Portal.Features.Subscriptions.Editor;
using Portal.Features.Subscriptions.List;
using Portal.Tests.Infrastructure;
using System.Text.RegularExpressions;
using Bunit;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using Portal.Dispatch;
using Portal.Domain.Subscriptions;
using Portal.Identity;

namespace Portal.Tests.Features.Subscriptions;

/// <summary>Issue 6: a subscription that still uses an archived event type is warned, in the list and the form.</summary>
public sealed class ArchivedEventTypeWarningTests : IAsyncLifetime
{
    private FeatureTestDatabase _database = default!;

    public async Task InitializeAsync()
    {
        _database = await FeatureTestDatabase.CreateAsync();
        await using var db = _database.CreateContext();
        var retired = TestData.EventType("invoice.legacy", "Invoice");
        retired.Archive();
        db.EventTypes.AddRange(TestData.EventType("invoice.status", "Invoice"), retired);
        var acme = await TestData.AddTenantAsync(db, "Acme");
        var data = new TestData(db, acme);
        data.Subscription("erp", SubscriptionState.Active, "invoice.status", "invoice.legacy");
        data.Subscription("crm", SubscriptionState.Active, "invoice.status");
        await data.SaveAsync();
        _database.Tenant.TenantId = acme.Id;
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private BunitContext NewContext()
    {
        var ctx = new BunitContext();
        ctx.UsePortalServices(_database);
        ctx.Services.AddScoped<CurrentUser>();
        ctx.Services.AddSingleton<IValidator<SubscriptionInput>>(
            new SubscriptionInputValidator(new StaticOptionsMonitor<DeliveryOptions>(new DeliveryOptions())));
        ctx.Render<MudPopoverProvider>();
        return ctx;
    }

    [Fact]
    public async Task The_list_names_the_archived_type_on_its_subscription_and_above_the_table()
    {
        await using var ctx = NewContext();

        var cut = ctx.Render<SubscriptionsPage>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-subscription]").Count));
        var warning = cut.Find("[data-archived-warning]");
        Assert.Equal("invoice.legacy", warning.GetAttribute("data-archived-warning"));
        Assert.Contains("invoice.legacy", warning.TextContent, StringComparison.Ordinal);
        Assert.Contains("archived", warning.TextContent, StringComparison.Ordinal);
        var erp = cut.Find("[data-subscription='erp']").Closest("tr")!;
        Assert.Equal(["invoice.legacy"], erp.QuerySelectorAll("[data-archived]").Select(c => c.GetAttribute("data-archived")));
        Assert.Contains("invoice.legacy · archived", erp.TextContent, StringComparison.Ordinal);
        var crm = cut.Find("[data-subscription='crm']").Closest("tr")!;
        Assert.Empty(crm.QuerySelectorAll("[data-archived]"));
    }

    [Fact]
    public async Task The_form_warns_about_the_archived_type_the_subscription_still_uses()
    {
        await using var ctx = NewContext();

        var cut = ctx.Render<EndpointFields>(p => p
            .Add(x => x.Input, new SubscriptionInput { Name = "erp", EventTypes = ["invoice.status", "invoice.legacy"] })
            .Add(x => x.Errors, new FieldErrors())
            .Add(x => x.Catalogue, Catalogue));

        var warning = cut.Find("[data-archived-warning]");
        Assert.Equal("invoice.legacy", warning.GetAttribute("data-archived-warning"));
        Assert.Contains("This subscription still uses archived event types: invoice.legacy.",
            Regex.Replace(warning.TextContent, @"\s+", " "), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_form_has_no_warning_once_no_archived_type_is_selected()
    {
        await using var ctx = NewContext();

        var cut = ctx.Render<EndpointFields>(p => p
            .Add(x => x.Input, new SubscriptionInput { Name = "crm", EventTypes = ["invoice.status"] })
            .Add(x => x.Errors, new FieldErrors())
            .Add(x => x.Catalogue, Catalogue));

        Assert.Empty(cut.FindAll("[data-archived-warning]"));
    }

    /// <summary>What the editor page offers for an existing subscription: active types plus the archived ones it uses.</summary>
    private static readonly CatalogueOption[] Catalogue =
    [
        new("invoice.status", "Invoice", "Status changed."),
        new("invoice.legacy", "Invoice", "Old.", IsArchived: true),
    ];
}
