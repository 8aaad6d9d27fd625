using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Dispatch;
using Portal.Features.Admin.Email;
using Portal.Identity;
using Portal.Notifications;
using Portal.Secrets;
using Portal.Settings;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Admin.Email;

public sealed class EmailSettingsPageTests : IAsyncLifetime
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
        ctx.Services.AddOptions<SmtpOptions>();
        ctx.Services.AddSingleton(new StoredSettings(TimeProvider.System, NullLogger<StoredSettings>.Instance));
        ctx.Services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        ctx.Services.AddSingleton<SecretProtector>();
        ctx.Services.AddSingleton<SmtpEmailSender>();
        var admin = CircuitUsers.SignedIn(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin@portal.test")], "test")));
        ctx.Services.AddSingleton(admin);
        ctx.Services.AddStoredSmtpSettings();
        ctx.Services.AddAdminEmail();
        ctx.Render<MudBlazor.MudPopoverProvider>();
        return ctx;
    }

    [Fact]
    public async Task Save_shows_each_problem_next_to_its_field_and_stores_nothing()
    {
        await using var ctx = Context();
        var cut = ctx.Render<EmailSettingsPage>();

        await cut.Find("input[data-field=host]").ChangeAsync(new() { Value = "smtp example com" });
        await cut.Find("input[data-field=from]").ChangeAsync(new() { Value = "not an address" });
        await cut.Find("textarea[data-field=bodyTemplate]").InputAsync(new() { Value = "" });
        cut.WaitForAssertion(() => Assert.Empty(cut.Find("[data-preview-body]").TextContent)); // after the debounce
        await cut.Find("input[data-field=portalBaseUrl]").ChangeAsync(new() { Value = "portal.example.com" });
        await cut.Find("form").SubmitAsync();

        cut.WaitForAssertion(() => Assert.Contains("Enter a host name or IP address", ErrorUnder(cut, "host"), StringComparison.Ordinal));
        Assert.Contains("Not a valid sender address", ErrorUnder(cut, "from"), StringComparison.Ordinal);
        Assert.Contains("Enter the e-mail text.", ErrorUnder(cut, "bodyTemplate"), StringComparison.Ordinal);
        Assert.Contains("Enter the portal's address", ErrorUnder(cut, "portalBaseUrl"), StringComparison.Ordinal);
        Assert.Equal("configuration", cut.Find("[data-settings-source]").GetAttribute("data-settings-source"));
        Assert.Null(ctx.Services.GetRequiredService<StoredSettings>().Get<StoredSmtpSettings>(StoredSmtpSettings.Name));
    }

    [Fact]
    public async Task Unknown_placeholders_are_flagged_as_they_are_typed_and_the_preview_renders_known_ones()
    {
        await using var ctx = Context();
        var cut = ctx.Render<EmailSettingsPage>();

        await cut.Find("input[data-field=subjectTemplate]").InputAsync(new() { Value = "Down: {subscription} {sub}" });

        cut.WaitForAssertion(() =>
            Assert.Contains("Unknown placeholder {sub}.", ErrorUnder(cut, "subjectTemplate"), StringComparison.Ordinal));
        Assert.Equal("Down: Invoices to ERP {sub}", cut.Find("[data-preview-subject]").TextContent.Trim());
        Assert.Contains("Organisation: Acme", cut.Find("[data-preview-body]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Valid_settings_are_saved_with_the_password_encrypted()
    {
        await using var ctx = Context();
        var cut = ctx.Render<EmailSettingsPage>();

        await cut.Find("input[data-field=host]").ChangeAsync(new() { Value = "smtp.example.com" });
        await cut.Find("input[data-field=password]").ChangeAsync(new() { Value = "s3cret-value" });
        await cut.Find("form").SubmitAsync();

        cut.WaitForAssertion(() => Assert.Equal("stored", cut.Find("[data-settings-source]").GetAttribute("data-settings-source")));
        var stored = ctx.Services.GetRequiredService<StoredSettings>().Get<StoredSmtpSettings>(StoredSmtpSettings.Name)!;
        Assert.Equal("smtp.example.com", stored.Host);
        Assert.NotNull(stored.ProtectedPassword);
        Assert.DoesNotContain("s3cret-value", stored.ProtectedPassword, StringComparison.Ordinal);
        Assert.Empty(cut.Find("input[data-field=password]").GetAttribute("value") ?? "");
    }

    [Fact]
    public async Task Test_email_without_a_host_asks_for_one_next_to_the_field()
    {
        await using var ctx = Context();
        var cut = ctx.Render<EmailSettingsPage>();

        await cut.FindAll("button").Single(b => b.TextContent.Trim() == "Send test e-mail").ClickAsync(new());

        cut.WaitForAssertion(() =>
            Assert.Contains("Enter the SMTP host to send a test e-mail.", ErrorUnder(cut, "host"), StringComparison.Ordinal));
        Assert.Equal("admin@portal.test", cut.Find("input[data-field=testRecipient]").GetAttribute("value"));
    }

    /// <summary>The helper/error line MudBlazor renders under the input carrying <paramref name="field"/>.</summary>
    private static string ErrorUnder(IRenderedComponent<EmailSettingsPage> cut, string field)
    {
        var control = cut.Find($"[data-field={field}]").Closest(".mud-input-control");
        return control?.QuerySelector(".mud-input-helper-text")?.TextContent.Trim() ?? "";
    }
}
