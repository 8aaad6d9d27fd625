using Portal.Features.Subscriptions.Editor;
using Portal.Tests.Infrastructure;
using Bunit;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using Portal.Components.Shared;
using Portal.Dispatch;
using Portal.Domain.Subscriptions;
using Portal.Identity;

namespace Portal.Tests.Features.Subscriptions;

public sealed class SubscriptionFormTests : IAsyncLifetime
{
    private FeatureTestDatabase _database = default!;

    public async Task InitializeAsync()
    {
        _database = await FeatureTestDatabase.CreateAsync();
        await using var db = _database.CreateContext();
        db.EventTypes.Add(TestData.EventType("invoice.status", "Invoice"));
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private BunitContext NewContext()
    {
        var ctx = new BunitContext();
        ctx.UsePortalServices(_database);
        ctx.UseShaping(_database);
        ctx.Services.AddScoped<CurrentUser>();
        var options = new StaticOptionsMonitor<DeliveryOptions>(new DeliveryOptions { RequireHttpsForSignedEndpoints = true });
        ctx.Services.AddSingleton<IOptionsMonitor<DeliveryOptions>>(options);
        ctx.Services.AddSingleton<IValidator<SubscriptionInput>>(new SubscriptionInputValidator(options));
        ctx.Render<MudPopoverProvider>();
        return ctx;
    }

    [Fact]
    public async Task Saving_an_empty_form_shows_each_message_next_to_its_field()
    {
        await using var ctx = NewContext();
        var cut = ctx.Render<SubscriptionEditorPage>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("form")));

        await cut.Find("form").SubmitAsync();

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Give the subscription a name.", HelperText(cut, "name"));
            Assert.Equal("Enter the endpoint URL.", HelperText(cut, "url"));
            Assert.Equal("Pick at least one event type.", HelperText(cut, "eventTypes"));
        });
    }

    [Fact]
    public async Task A_signed_http_endpoint_is_refused_where_https_is_required_and_the_message_follows_the_fix()
    {
        await using var ctx = NewContext();
        var cut = ctx.Render<SubscriptionEditorPage>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("form")));

        await cut.Find("input[data-field=url]").ChangeAsync(new() { Value = "http://hooks.example.com/in" });
        await cut.Find("form").SubmitAsync();
        cut.WaitForAssertion(() => Assert.Equal("Signed endpoints must use HTTPS.", HelperText(cut, "url")));

        await cut.Find("input[data-field=url]").ChangeAsync(new() { Value = "https://hooks.example.com/in" });
        cut.WaitForAssertion(() => Assert.NotEqual("Signed endpoints must use HTTPS.", HelperText(cut, "url")));
    }

    [Fact]
    public async Task The_catalogues_subscribe_link_preselects_its_event_type()
    {
        await using var ctx = NewContext();
        ctx.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>()
            .NavigateTo("/subscriptions/new?eventType=invoice.status");

        var cut = ctx.Render<SubscriptionEditorPage>();

        cut.WaitForAssertion(() => Assert.Equal("invoice.status",
            cut.Find("[data-event-type-chip]").GetAttribute("data-event-type-chip")));
    }

    [Theory]
    [InlineData(RetryPreset.AkuiteoTest, 3, "valid", "Retries after 3 s, 3 s — 3 attempts over 6 s")]
    [InlineData(RetryPreset.Akuiteo, 9, "invalid", "Max attempts must be between 1 and 8.")]
    [InlineData(RetryPreset.Accredit, null, "valid", "6 attempts")]
    public async Task Retry_fields_preview_the_schedule(RetryPreset preset, int? maxAttempts, string state, string text)
    {
        await using var ctx = NewContext();
        var input = new SubscriptionInput { RetryPreset = preset, MaxAttempts = maxAttempts, TimeoutMs = 5000 };

        var cut = ctx.Render<RetryFields>(p => p.Add(x => x.Input, input).Add(x => x.Errors, new FieldErrors()));

        var preview = cut.Find("[data-retry-preview]");
        Assert.Equal(state, preview.GetAttribute("data-retry-preview"));
        Assert.Contains(text, preview.TextContent);
    }

    [Theory]
    [InlineData(204, "success", "204")]
    [InlineData(404, "error", "404")]
    [InlineData(503, "error", "503")]
    [InlineData(null, "default", "N/A")]
    public async Task Latest_response_chip_is_green_for_2xx_red_for_errors_and_grey_without_calls(int? code, string colour, string text)
    {
        await using var ctx = NewContext();

        var cut = ctx.Render<LatestResponseChip>(p => p.Add(x => x.Code, code));

        var chip = cut.Find(".mud-chip");
        Assert.Contains($"mud-chip-color-{colour}", chip.ClassName);
        Assert.Equal(text, chip.TextContent.Trim());
    }

    [Fact]
    public void Auth_help_shows_what_will_be_sent_with_the_token_masked()
    {
        Assert.Equal("Authorization: Bearer ••••", AuthFields.AuthPreview(new() { AuthType = AuthType.Header, AuthKey = "bearer", AuthToken = "s3cret" }));
        Assert.Equal("X-Auth: ••••", AuthFields.AuthPreview(new() { AuthType = AuthType.Header, AuthKey = "X-Auth", AuthToken = "s3cret" }));
        Assert.Equal("?token=••••", AuthFields.AuthPreview(new() { AuthType = AuthType.Query, AuthKey = "token", AuthToken = "s3cret" }));
    }

    private static string HelperText(IRenderedComponent<SubscriptionEditorPage> cut, string field) =>
        cut.Find($"[data-field={field}]").Closest(".mud-input-control")!.QuerySelector(".mud-input-helper-text")?.TextContent.Trim() ?? "";
}
