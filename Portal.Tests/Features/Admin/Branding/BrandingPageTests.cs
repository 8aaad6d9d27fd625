using Bunit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Branding;
using Portal.Features.Admin.Branding;
using Portal.Settings;

namespace Portal.Tests.Features.Admin.Branding;

public sealed class BrandingPageTests : IAsyncLifetime
{
    private FeatureTestDatabase _database = default!;

    public async Task InitializeAsync() => _database = await FeatureTestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private BunitContext Context()
    {
        var ctx = new BunitContext();
        ctx.UsePortalServices(_database);
        ctx.UseAuditTrail(_database);
        ctx.Services.AddLogging();
        ctx.Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        ctx.Services.AddSingleton(new StoredSettings(TimeProvider.System, NullLogger<StoredSettings>.Instance));
        ctx.Services.AddPortalBranding();
        ctx.Services.AddAdminBranding();
        ctx.Render<MudBlazor.MudPopoverProvider>();
        return ctx;
    }

    [Fact]
    public async Task Bad_values_are_flagged_next_to_their_fields_and_nothing_is_stored()
    {
        await using var ctx = Context();
        var cut = ctx.Render<BrandingPage>();

        await cut.Find("input[data-field=productName]").InputAsync(new() { Value = "" });
        await cut.Find("input[data-field=logoUrl]").InputAsync(new() { Value = "javascript:alert(1)" });
        await cut.Find("input[data-field=primaryColor]").InputAsync(new() { Value = "teal" });
        await cut.Find("textarea[data-field=frameAncestors]").InputAsync(new() { Value = "https://ok.example\nhttps://bad.example/embed" });

        // Logo, colour and origins are judged as they are typed (after the debounce).
        cut.WaitForAssertion(() => Assert.Contains("https:// (or http://) address", ErrorUnder(cut, "logoUrl"), StringComparison.Ordinal));
        cut.WaitForAssertion(() => Assert.Contains("#rrggbb", ErrorUnder(cut, "primaryColor"), StringComparison.Ordinal));
        cut.WaitForAssertion(() => Assert.StartsWith("Not an origin: https://bad.example/embed.", ErrorUnder(cut, "frameAncestors"),
            StringComparison.Ordinal));
        Assert.Equal("#5b5bd6", cut.Find("[data-preview-color]").GetAttribute("data-preview-color"));

        await cut.Find("form").SubmitAsync();

        cut.WaitForAssertion(() => Assert.Contains("Enter the product name", ErrorUnder(cut, "productName"), StringComparison.Ordinal));
        Assert.Equal("configuration", cut.Find("[data-settings-source]").GetAttribute("data-settings-source"));
        Assert.Null(ctx.Services.GetRequiredService<StoredSettings>().Get<StoredBranding>(StoredBranding.Name));
    }

    [Fact]
    public async Task Valid_branding_is_previewed_and_saved_with_origins_normalised()
    {
        await using var ctx = Context();
        var cut = ctx.Render<BrandingPage>();

        await cut.Find("input[data-field=productName]").InputAsync(new() { Value = "Acme Hooks" });
        await cut.Find("input[data-field=primaryColor]").InputAsync(new() { Value = "#0F766E" });
        await cut.Find("input[data-field=logoUrl]").InputAsync(new() { Value = "https://cdn.acme.test/logo.svg" });
        await cut.Find("textarea[data-field=frameAncestors]").InputAsync(new() { Value = "https://App.Acme.test/\n\nhttp://127.0.0.1:5555" });

        cut.WaitForAssertion(() => Assert.Equal("Acme Hooks", cut.Find("[data-preview-name]").TextContent));
        cut.WaitForAssertion(() => Assert.Equal("#0f766e", cut.Find("[data-preview-color]").GetAttribute("data-preview-color")));
        cut.WaitForAssertion(() => Assert.Equal("https://cdn.acme.test/logo.svg", cut.Find("[data-preview-logo]").GetAttribute("src")));

        await cut.Find("form").SubmitAsync();

        cut.WaitForAssertion(() => Assert.NotNull(ctx.Services.GetRequiredService<StoredSettings>().Get<StoredBranding>(StoredBranding.Name)));
        var stored = ctx.Services.GetRequiredService<StoredSettings>().Get<StoredBranding>(StoredBranding.Name)!;
        Assert.Equal("Acme Hooks", stored.ProductName);
        Assert.Equal("#0f766e", stored.PrimaryColor);
        Assert.Equal(["https://app.acme.test", "http://127.0.0.1:5555"], stored.FrameAncestors);
        Assert.Equal("Acme Hooks", ctx.Services.GetRequiredService<Brand>().ProductName);
    }

    /// <summary>The helper/error line MudBlazor renders under the input carrying <paramref name="field"/>.</summary>
    private static string ErrorUnder(IRenderedComponent<BrandingPage> cut, string field)
    {
        var control = cut.Find($"[data-field={field}]").Closest(".mud-input-control");
        return control?.QuerySelector(".mud-input-helper-text")?.TextContent.Trim() ?? "";
    }
}
