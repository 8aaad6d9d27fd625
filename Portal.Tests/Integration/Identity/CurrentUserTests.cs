using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Components.Shared;
using Portal.Data;
using Portal.Identity;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;
using Portal.Tests.Infrastructure.Builders;

namespace Portal.Tests.Integration.Identity;

/// <summary>Who the current user is, in each kind of scope (issue 20: one mechanism, one writer): a request's scope
/// reads its request's user when used, a circuit's user is written by its circuit handler only, a UI operation's scope
/// shares the circuit's user, and every other scope sees nobody (no tenant).</summary>
[Collection(SqliteHostCollection.Name)]
public sealed class CurrentUserTests(SqliteHost fixture)
{
    private readonly PortalAppFactory _host = fixture.Factory;

    [Fact]
    public async Task A_circuits_operation_scope_sees_the_circuits_tenant_from_any_thread_and_follows_its_sign_out()
    {
        var (a, b) = (await TenantWithSubscriptionAsync("Circuit A"), await TenantWithSubscriptionAsync("Circuit B"));
        var (user, state) = CircuitUsers.Open(await PrincipalOfAsync(a.Tenant.Owner));
        var scopes = _host.Services.GetRequiredService<IServiceScopeFactory>();

        // As an event handler runs it, and as a LiveRefresh tick does: on a thread no circuit context flowed to.
        var handler = await scopes.RunAsync<PortalDbContext, List<Guid>>(user, VisibleSubscriptionsAsync);
        Task<List<Guid>> tick;
        using (ExecutionContext.SuppressFlow())
            tick = Task.Run(() => scopes.RunAsync<PortalDbContext, List<Guid>>(user, VisibleSubscriptionsAsync));
        var ticked = await tick;
        var sameUser = await scopes.RunAsync<CurrentUser, bool>(user, inScope => Task.FromResult(ReferenceEquals(inScope, user)));

        Assert.Equal([a.SubscriptionId], handler);
        Assert.Equal([a.SubscriptionId], ticked);
        Assert.DoesNotContain(b.SubscriptionId, handler);
        Assert.True(sameUser, "The operation's scope shares the circuit's CurrentUser rather than a copy.");

        // Revalidation signed the user out: the circuit handler follows, and so does every later operation.
        state.Change(new ClaimsPrincipal(new ClaimsIdentity()));
        Assert.Null(user.TenantId);
        Assert.Empty(await scopes.RunAsync<PortalDbContext, List<Guid>>(user, VisibleSubscriptionsAsync));
    }

    [Fact]
    public async Task A_scope_other_code_opens_during_an_operation_sees_nobody()
    {
        var a = await TenantWithSubscriptionAsync("Nested");
        var user = CircuitUsers.SignedIn(await PrincipalOfAsync(a.Tenant.Owner));
        var scopes = _host.Services.GetRequiredService<IServiceScopeFactory>();

        // Shared work (the publication writer stores other tenants' events in one batch) opens its own scope.
        var nested = await scopes.RunAsync<IServiceScopeFactory, Guid?>(user, async inner =>
        {
            await using var scope = inner.CreateAsyncScope();
            return scope.ServiceProvider.GetRequiredService<ICurrentTenant>().TenantId;
        });

        Assert.Equal(a.Tenant.Id, user.TenantId);
        Assert.Null(nested);
    }

    [Fact]
    public async Task A_requests_scope_reads_the_requests_user_when_used_and_no_other_scope_borrows_it()
    {
        var (a, b) = (await TenantWithSubscriptionAsync("Request A"), await TenantWithSubscriptionAsync("Request B"));
        var principal = await PrincipalOfAsync(a.Tenant.Owner);
        var accessor = _host.Services.GetRequiredService<IHttpContextAccessor>();
        await using var request = _host.CreateScope();
        var context = new DefaultHttpContext { RequestServices = request.ServiceProvider };
        accessor.HttpContext = context;
        try
        {
            // Resolved before authentication, as the middleware and the endpoint's services are.
            var current = request.Get<CurrentUser>();
            var db = request.Get<PortalDbContext>();
            Assert.Null(current.TenantId);
            Assert.Empty(await VisibleSubscriptionsAsync(db));

            // The API scheme authenticates at authorization; the hand-off assigns HttpContext.User.
            context.User = principal;

            Assert.Equal(a.Tenant.Id, current.TenantId);
            Assert.Equal(a.Tenant.Owner.Id, current.UserId);
            Assert.Equal([a.SubscriptionId], await VisibleSubscriptionsAsync(db));
            Assert.DoesNotContain(b.SubscriptionId, await VisibleSubscriptionsAsync(db));
            await using var other = _host.CreateScope();
            Assert.Null(other.Get<CurrentUser>().TenantId);
            Assert.False(other.Get<CurrentUser>().Principal.Identity?.IsAuthenticated);
        }
        finally
        {
            accessor.HttpContext = null;
        }
    }

    [Fact]
    public async Task An_api_request_sees_the_tenant_of_the_credential_its_scheme_authenticated()
    {
        using var a = await _host.CreateApiTenantAsync("Api A");
        using var b = await _host.CreateApiTenantAsync("Api B");
        var own = (await a.Client.CreateSubscriptionAsync("http://127.0.0.1:9/a"))["id"]!.GetValue<Guid>();
        var foreign = (await b.Client.CreateSubscriptionAsync("http://127.0.0.1:9/b"))["id"]!.GetValue<Guid>();

        using var list = await a.Client.GetAsync(ApiTestHelpers.Api("subscriptions"));
        using var other = await a.Client.GetAsync(ApiTestHelpers.Api($"subscriptions/{foreign}"));

        Assert.Equal([own], (await list.JsonAsync()).AsArray().Select(s => s!["id"]!.GetValue<Guid>()).ToArray());
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task A_scope_with_no_user_sees_no_tenant()
    {
        var a = await TenantWithSubscriptionAsync("Nobody");
        await using var scope = _host.CreateScope();
        var current = scope.Get<CurrentUser>();

        Assert.Null(current.TenantId);
        Assert.Null(current.UserId);
        Assert.False(current.ActsForPlatform);
        Assert.DoesNotContain(a.SubscriptionId, await VisibleSubscriptionsAsync(scope.Get<PortalDbContext>()));
        Assert.Null(new CurrentUser().TenantId);
    }

    private static Task<List<Guid>> VisibleSubscriptionsAsync(PortalDbContext db) =>
        db.Subscriptions.Select(s => s.Id).ToListAsync();

    private async Task<ClaimsPrincipal> PrincipalOfAsync(PortalUser user)
    {
        await using var scope = _host.CreateScope();
        return await scope.Get<SignInManager<PortalUser>>().CreateUserPrincipalAsync(user);
    }

    /// <summary>A registered tenant with one subscription, written as background work does (no signed-in user).</summary>
    private async Task<(TestTenant Tenant, Guid SubscriptionId)> TenantWithSubscriptionAsync(string prefix)
    {
        var tenant = await _host.RegisterAsync(prefix);
        var subscription = new SubscriptionBuilder().ForTenant(tenant.Id).Named($"{prefix} endpoint").Build();
        await using var scope = _host.CreateScope();
        var db = scope.Get<PortalDbContext>();
        db.Add(subscription);
        await db.SaveChangesAsync();
        return (tenant, subscription.Id);
    }
}
