using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Identity;

namespace Portal.Tests.Infrastructure;

/// <summary>DI scopes of the real host, as anonymous work or as a signed-in user.</summary>
public static class HostScopes
{
    /// <summary>A scope with nobody signed in: no tenant, so tenant-owned rows are hidden and writes unchecked
    /// (what background work sees).</summary>
    public static AsyncServiceScope CreateScope(this WebApplicationFactory<Program> factory) =>
        factory.Services.CreateAsyncScope();

    /// <summary>A scope whose <see cref="CurrentUser"/> is <paramref name="user"/> signed in: the principal comes from
    /// the real SignInManager, so its claims (tenant included) are the ones a sign-in cookie would carry.</summary>
    public static async Task<AsyncServiceScope> CreateScopeSignedInAsync(this WebApplicationFactory<Program> factory, PortalUser user)
    {
        ClaimsPrincipal principal;
        await using (var signInScope = factory.Services.CreateAsyncScope())
            principal = await signInScope.ServiceProvider.GetRequiredService<SignInManager<PortalUser>>().CreateUserPrincipalAsync(user);
        return CircuitUsers.SignedIn(principal).CreateOperationScope(factory.Services.GetRequiredService<IServiceScopeFactory>());
    }

    public static T Get<T>(this AsyncServiceScope scope) where T : notnull =>
        scope.ServiceProvider.GetRequiredService<T>();
}
