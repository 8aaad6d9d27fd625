using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Access;
using Portal.Domain.Access;
using Portal.Domain.Tenants;
using Portal.Features.Credentials;
using Portal.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Credentials;

public sealed class ApiCredentialsPageTests : IAsyncLifetime
{
    private FeatureTestDatabase _database = default!;
    private Tenant _tenant = default!;

    public async Task InitializeAsync()
    {
        _database = await FeatureTestDatabase.CreateAsync();
        await using var db = _database.CreateContext();
        _tenant = await TestData.AddTenantAsync(db, "Acme");
        _database.Tenant.TenantId = _tenant.Id;
        db.ApiKeys.Add(ApiKey.Create(_tenant.Id, "Existing key", TestData.Now.AddDays(-3)).Key);
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task An_owner_sees_a_new_key_once_and_afterwards_only_its_prefix()
    {
        await using var ctx = Context(TenantRoles.Owner);
        var dialogs = ctx.Render<MudDialogProvider>();
        var cut = ctx.Render<ApiCredentialsPage>();
        var keys = () => cut.Find("section[aria-label='API keys']");
        cut.WaitForAssertion(() => Assert.Single(keys().QuerySelectorAll("tbody tr")));

        await keys().QuerySelector("input")!.InputAsync(new() { Value = "CI pipeline" });
        // Not awaited: the handler waits for the dialog to close.
        _ = cut.FindAll("section[aria-label='API keys'] button").Single(b => b.TextContent.Trim() == "Create key").ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-credential-once] code")));
        var value = dialogs.Find("[data-credential-once] code").TextContent.Trim();
        Assert.StartsWith(ApiKey.ValuePrefix, value, StringComparison.Ordinal);
        Assert.Contains("you will not see this again", dialogs.Markup, StringComparison.Ordinal);
        await dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "I have copied it").ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-credential-once]")));
        cut.WaitForAssertion(() => Assert.Equal(2, keys().QuerySelectorAll("tbody tr").Length));
        var row = keys().QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("CI pipeline", StringComparison.Ordinal));
        Assert.Equal(value[..10] + "…", row.QuerySelector("code")!.TextContent.Trim());
        Assert.DoesNotContain(value, cut.Markup + dialogs.Markup, StringComparison.Ordinal);
        Assert.NotNull(row.QuerySelector("button[aria-label='Revoke CI pipeline']"));
    }

    [Fact]
    public async Task A_member_sees_the_keys_without_create_or_revoke_and_is_told_why()
    {
        await using var ctx = Context(TenantRoles.Member);

        var cut = ctx.Render<ApiCredentialsPage>();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("section[aria-label='API keys'] tbody tr")));
        Assert.Contains("Existing key", cut.Find("section[aria-label='API keys'] tbody tr").TextContent, StringComparison.Ordinal);
        Assert.Contains("only its owners can create or revoke them", cut.Find("[data-members-notice]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Trim() is "Create key" or "Create client" or "Revoke");
        Assert.Empty(cut.FindAll("input"));
    }

    private BunitContext Context(string role)
    {
        var ctx = new BunitContext();
        ctx.UsePortalServices(_database);
        var user = CircuitUsers.SignedIn(new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, "user-1"), new Claim(ClaimTypes.Name, "someone@acme.test"),
            new Claim(PortalClaimTypes.TenantId, _tenant.Id.ToString()), new Claim(PortalClaimTypes.TenantRole, role),
        ], "test")));
        ctx.Services.AddSingleton(user);
        ctx.UseAuditTrail(_database);
        ctx.Services.AddSingleton<ApiCredentialCache>();
        ctx.Services.AddScoped<ApiKeys>();
        ctx.Services.AddScoped<ApiClients>();
        ctx.Render<MudPopoverProvider>();
        return ctx;
    }
}
