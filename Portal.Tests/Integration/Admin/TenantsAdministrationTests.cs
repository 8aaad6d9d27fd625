using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Portal.Access;
using Portal.Common;
using Portal.Data;
using Portal.Domain.Deliveries;
using Portal.Features.Admin.Tenants;
using Portal.Identity;
using Portal.Tests.Infrastructure;
using Portal.Tests.Integration.Dispatch;

namespace Portal.Tests.Integration.Admin;

/// <summary>Operator use cases on the real host: suspension stops deliveries and sign-ins, roles, lockout, platform keys.</summary>
public abstract class TenantsAdministrationTests(PortalAppFactory host)
{
    [Fact]
    public async Task Suspended_tenants_deliveries_wait_and_arrive_after_reactivation()
    {
        var (admin, tenant) = (await AdminAsync(), await host.RegisterAsync("Paused org"));
        await using var receiver = await WebhookReceiver.StartAsync();
        await host.AddSubscriptionAsync(tenant.Id, receiver.Url());
        await AsAdminAsync(admin, a => a.SuspendAsync(tenant.Id));

        var published = await host.PublishAsync(tenant.Id);
        await Task.Delay(TimeSpan.FromSeconds(3)); // longer than the dispatcher's idle poll (2 s)

        Assert.Empty(receiver.Received);
        await AsAdminAsync(admin, a => a.ReactivateAsync(tenant.Id));
        var request = Assert.Single(await receiver.WaitForAsync(1));
        Assert.Contains(published.EventId.ToString(), request.Body, StringComparison.Ordinal);
        await host.WaitForDeliveryAsync(published.EventId, d => d.Status == DeliveryStatus.Succeeded);
    }

    [Fact]
    public async Task Suspended_tenants_user_cannot_sign_in_until_reactivated()
    {
        var (admin, tenant) = (await AdminAsync(), await host.RegisterAsync("Locked org"));
        await AsAdminAsync(admin, a => a.SuspendAsync(tenant.Id));

        var (whileSuspended, canWhileSuspended) = await CheckSignInAsync(tenant.Owner.Id);
        await AsAdminAsync(admin, a => a.ReactivateAsync(tenant.Id));
        var (afterReactivation, canAfter) = await CheckSignInAsync(tenant.Owner.Id);

        Assert.True(whileSuspended.IsNotAllowed);
        Assert.False(canWhileSuspended);
        Assert.True(afterReactivation.Succeeded);
        Assert.True(canAfter);
    }

    [Theory]
    [InlineData(TestTenant.Password, "Your organisation is suspended")]
    [InlineData("Wrong-password-2026!", "Invalid login attempt")]
    public async Task Login_page_tells_only_a_suspended_user_with_the_right_password_why(string password, string message)
    {
        var (admin, tenant) = (await AdminAsync(), await host.RegisterAsync("Told org"));
        await AsAdminAsync(admin, a => a.SuspendAsync(tenant.Id));
        using var client = host.CreateClient();

        using var response = await SignIn.PostAsync(client, tenant.Owner.Email!, password);
        var page = await response.Content.ReadAsStringAsync();

        Assert.Contains(message, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suspension_renews_security_stamps_so_open_sessions_end()
    {
        var (admin, tenant) = (await AdminAsync(), await host.RegisterAsync("Stamped org"));
        var before = await StampAsync(tenant.Owner.Id);

        await AsAdminAsync(admin, a => a.SuspendAsync(tenant.Id));

        Assert.NotEqual(before, await StampAsync(tenant.Owner.Id));
    }

    [Fact]
    public async Task Admin_cannot_suspend_their_own_organisation()
    {
        var admin = await AdminAsync();

        var result = await AsAdminAsync(admin, a => a.SuspendAsync(admin.TenantId));

        Assert.Equal(ErrorKind.Conflict, result.Error?.Kind);
    }

    [Fact]
    public async Task Grant_then_revoke_admin_changes_the_role()
    {
        var (admin, tenant) = (await AdminAsync(), await host.RegisterAsync("Promoted org"));

        await AsAdminAsync(admin, a => a.GrantAdminAsync(tenant.Owner.Id));
        var granted = await IsAdminAsync(tenant.Owner.Id);
        var revoked = await AsAdminAsync(admin, a => a.RevokeAdminAsync(tenant.Owner.Id));

        Assert.True(granted);
        Assert.True(revoked.Succeeded);
        Assert.False(await IsAdminAsync(tenant.Owner.Id));
    }

    [Fact]
    public async Task Admin_cannot_revoke_their_own_admin_role()
    {
        var admin = await AdminAsync();

        var result = await AsAdminAsync(admin, a => a.RevokeAdminAsync(admin.Id));

        Assert.Equal(ErrorKind.Conflict, result.Error?.Kind);
        Assert.True(await IsAdminAsync(admin.Id));
    }

    [Fact]
    public async Task Reset_lockout_lets_a_locked_out_user_sign_in()
    {
        var (admin, tenant) = (await AdminAsync(), await host.RegisterAsync("Lockout org"));
        await using (var scope = host.CreateScope())
        {
            var users = scope.Get<UserManager<PortalUser>>();
            var user = (await users.FindByIdAsync(tenant.Owner.Id))!;
            await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddMinutes(5));
        }
        var (locked, _) = await CheckSignInAsync(tenant.Owner.Id);

        await AsAdminAsync(admin, a => a.ResetLockoutAsync(tenant.Owner.Id));

        Assert.True(locked.IsLockedOut);
        Assert.True((await CheckSignInAsync(tenant.Owner.Id)).Result.Succeeded);
    }

    [Fact]
    public async Task Added_user_with_a_generated_password_can_sign_in()
    {
        var (admin, tenant) = (await AdminAsync(), await host.RegisterAsync("Team org"));

        var added = await AsAdminAsync(admin, a => a.AddUserAsync(tenant.Id, $"member-{Guid.NewGuid():N}@team.test", null));

        Assert.True(added.Succeeded, added.Error?.Message);
        await using var scope = host.CreateScope();
        var user = (await scope.Get<UserManager<PortalUser>>().FindByIdAsync(added.Value!.Id))!;
        Assert.Equal(tenant.Id, user.TenantId);
        Assert.True((await scope.Get<SignInManager<PortalUser>>().CheckPasswordSignInAsync(user, added.Value.Password, false)).Succeeded);
    }

    [Fact]
    public async Task Tenant_list_counts_another_tenants_users_and_deliveries()
    {
        var (admin, tenant) = (await AdminAsync(), await host.RegisterAsync("Counted org"));
        await using var receiver = await WebhookReceiver.StartAsync();
        await host.AddSubscriptionAsync(tenant.Id, receiver.Url());
        await host.PublishAsync(tenant.Id);
        await receiver.WaitForAsync(1);

        await using var scope = await host.CreateScopeSignedInAsync(admin);
        var row = (await scope.Get<Portal.Features.Admin.AdminOverviewQuery>().LoadAsync()).Single(t => t.Id == tenant.Id);

        Assert.Equal((1, 1, 1), (row.Users, row.Subscriptions, row.Deliveries24h));
        Assert.Equal(0d, row.FailureRate24h);
    }

    [Fact]
    public async Task Platform_key_is_shown_once_and_can_be_revoked()
    {
        var admin = await AdminAsync();
        await using var scope = await host.CreateScopeSignedInAsync(admin);
        var keys = scope.Get<ApiKeys>();

        var created = await keys.CreatePlatformAsync("Backend");
        var revoked = await keys.RevokeAsync(created.Value!.Id);
        var listed = (await keys.ListPlatformAsync()).Single(k => k.Id == created.Value.Id);

        Assert.StartsWith(listed.Prefix, created.Value.Value, StringComparison.Ordinal);
        Assert.True(listed.Platform);
        Assert.True(revoked.Succeeded);
        Assert.NotNull(listed.RevokedAt);
    }

    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/api-keys")]
    [InlineData("/admin/tenants/0199a000-0000-7000-8000-000000000000")]
    public async Task Anonymous_request_to_an_admin_page_redirects_to_login(string path)
    {
        using var client = host.CreateNonRedirectingClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = new Uri(response.RequestMessage!.RequestUri!, response.Headers.Location!);
        Assert.Equal("/Account/Login", location.AbsolutePath, ignoreCase: true);
    }

    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/api-keys")]
    [InlineData("/admin/tenants/0199a000-0000-7000-8000-000000000000")]
    public async Task Tenant_user_is_refused_an_admin_page(string path)
    {
        var tenant = await host.RegisterAsync("Curious org");
        using var client = host.CreateNonRedirectingClient();
        using (var login = await SignIn.PostAsync(client, tenant.Owner.Email!, TestTenant.Password))
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = new Uri(response.RequestMessage!.RequestUri!, response.Headers.Location!);
        Assert.Equal("/Account/AccessDenied", location.AbsolutePath, ignoreCase: true);
    }


    /// <summary>A fresh operator: a registered tenant owner made Admin (each test its own, so none interfere).</summary>
    /// <summary>Issue 16: "acme" was accepted beside "Acme".</summary>
    [Fact]
    public async Task Creating_a_tenant_whose_name_differs_only_in_case_is_refused()
    {
        var (admin, existing) = (await AdminAsync(), await host.RegisterAsync("Case org"));

        var duplicate = await AsAdminAsync(admin, a => a.CreateTenantAsync(existing.Name.ToUpperInvariant()));
        var distinct = await AsAdminAsync(admin, a => a.CreateTenantAsync(existing.Name + " 2"));

        Assert.Equal(ErrorKind.Validation, duplicate.Error?.Kind);
        Assert.Contains("already exists", duplicate.Error!.Message, StringComparison.Ordinal);
        Assert.Null(distinct.Error);
        await using var db = host.Database.CreateContext();
        var upper = existing.Name.ToUpperInvariant();
        Assert.False(await db.Tenants.AnyAsync(t => t.Name == upper));
    }

    private async Task<PortalUser> AdminAsync()
    {
        var operators = await host.RegisterAsync("Operators");
        await using var scope = host.CreateScope();
        var result = await scope.Get<ManageTenants>().GrantAdminAsync(operators.Owner.Id);
        Assert.True(result.Succeeded);
        return (await scope.Get<UserManager<PortalUser>>().FindByIdAsync(operators.Owner.Id))!;
    }

    private async Task<Result<T>> AsAdminAsync<T>(PortalUser admin, Func<ManageTenants, Task<Result<T>>> operation)
    {
        await using var scope = await host.CreateScopeSignedInAsync(admin);
        return await operation(scope.Get<ManageTenants>());
    }

    private async Task<(SignInResult Result, bool CanSignIn)> CheckSignInAsync(string userId)
    {
        await using var scope = host.CreateScope();
        var signIn = scope.Get<SignInManager<PortalUser>>();
        var user = (await scope.Get<UserManager<PortalUser>>().FindByIdAsync(userId))!;
        return (await signIn.CheckPasswordSignInAsync(user, TestTenant.Password, lockoutOnFailure: false),
            await signIn.CanSignInAsync(user));
    }

    private async Task<bool> IsAdminAsync(string userId)
    {
        await using var scope = host.CreateScope();
        var users = scope.Get<UserManager<PortalUser>>();
        return await users.IsInRoleAsync((await users.FindByIdAsync(userId))!, PortalRoles.Admin);
    }

    private async Task<string?> StampAsync(string userId)
    {
        await using var scope = host.CreateScope();
        return await scope.Get<PortalDbContext>().Users.AsNoTracking()
            .Where(u => u.Id == userId).Select(u => u.SecurityStamp).SingleAsync();
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteTenantsAdministrationTests(SqliteHost host) : TenantsAdministrationTests(host.Factory);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresTenantsAdministrationTests(PostgresHost host) : TenantsAdministrationTests(host.Factory);
