using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Portal.Features.Admin.Tenants;
using Portal.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Admin;

public sealed class TenantUsersTableTests
{
    [Fact]
    public async Task Own_admin_role_cannot_be_revoked_and_locked_out_users_offer_a_reset()
    {
        await using var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        var me = CircuitUsers.SignedIn(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "me")], "test")));
        ctx.Services.AddSingleton(me);
        TenantUser[] users =
        [
            new("me", "me@ops.test", IsOwner: true, IsAdmin: true, LockedOutUntil: null),
            new("other", "other@ops.test", IsOwner: false, IsAdmin: true, LockedOutUntil: null),
            new("locked", "locked@ops.test", IsOwner: false, IsAdmin: false, LockedOutUntil: TestData.Now.AddMinutes(5)),
        ];

        var cut = ctx.Render<TenantUsersTable>(p => p.Add(c => c.Users, users));

        var rows = cut.FindAll("tbody tr");
        Assert.True(Button(rows[0], "Revoke Admin").HasAttribute("disabled"));
        Assert.False(Button(rows[1], "Revoke Admin").HasAttribute("disabled"));
        Assert.NotNull(Button(rows[2], "Grant Admin"));
        Assert.NotNull(Button(rows[2], "Reset lockout"));
        Assert.DoesNotContain(rows[0].QuerySelectorAll("button"), b => b.TextContent.Trim() == "Reset lockout");
    }

    private static AngleSharp.Dom.IElement Button(AngleSharp.Dom.IElement row, string text) =>
        row.QuerySelectorAll("button").Single(b => b.TextContent.Trim() == text);
}
