using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Portal.Data;
using Portal.Features.Team;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Credentials;

internal static class Colleagues
{
    /// <summary>A colleague added by the tenant's owner through the team service; returns the stored user.</summary>
    public static async Task<(PortalUser User, string Password)> AddColleagueAsync(this WebApplicationFactory<Program> host,
        TestTenant tenant, bool owner = false)
    {
        await using var scope = await host.CreateScopeSignedInAsync(tenant.Owner);
        var added = await scope.Get<ManageTeam>().AddAsync($"colleague-{Guid.NewGuid():N}@team.test", owner);
        Assert.True(added.Succeeded, added.Error?.Message);
        var user = await scope.Get<UserManager<PortalUser>>().FindByIdAsync(added.Value!.Id);
        return (user!, added.Value.Password);
    }
}
