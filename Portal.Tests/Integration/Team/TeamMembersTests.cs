using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Common;
using Portal.Data;
using Portal.Domain.Audit;
using Portal.Features.Team;
using Portal.Identity;
using Portal.Tests.Infrastructure;
using Portal.Tests.Integration.Credentials;

namespace Portal.Tests.Integration.Team;

/// <summary>Owners manage their tenant's team; members only look; a tenant never loses its last owner.</summary>
public abstract class TeamMembersTests(PortalAppFactory host)
{
    [Fact]
    public async Task An_owner_adds_a_colleague_who_signs_in_with_the_generated_password_as_a_member()
    {
        var tenant = await host.RegisterAsync("Team add");

        var (colleague, password) = await host.AddColleagueAsync(tenant);

        await using var scope = host.CreateScope();
        Assert.Equal(tenant.Id, colleague.TenantId);
        Assert.False(colleague.IsTenantOwner);
        Assert.True((await scope.Get<SignInManager<PortalUser>>().CheckPasswordSignInAsync(colleague, password, false)).Succeeded);
        var principal = await scope.Get<SignInManager<PortalUser>>().CreateUserPrincipalAsync(colleague);
        Assert.Equal(TenantRoles.Member, principal.FindFirst(PortalClaimTypes.TenantRole)?.Value);
        var entry = await scope.Get<PortalDbContext>().AuditEntries.IgnoreQueryFilters().AsNoTracking()
            .SingleAsync(e => e.TargetId == colleague.Id);
        Assert.Equal((tenant.Id, AuditActions.UserAdded, tenant.Owner.Id), (entry.TenantId, entry.Action, entry.ActorId));
    }

    [Fact]
    public async Task An_e_mail_that_already_has_an_account_is_a_field_error()
    {
        var (tenant, other) = (await host.RegisterAsync("Team dup"), await host.RegisterAsync("Team other"));
        await using var scope = await host.CreateScopeSignedInAsync(tenant.Owner);

        var result = await scope.Get<ManageTeam>().AddAsync(other.Owner.Email!.ToUpperInvariant(), owner: false);

        Assert.Equal(ErrorKind.Validation, result.Error?.Kind);
        Assert.Equal(["email"], result.Error!.Fields!.Keys);
        Assert.Single(await scope.Get<ManageTeam>().ListAsync());
    }

    [Fact]
    public async Task A_member_sees_the_team_but_cannot_change_it()
    {
        var tenant = await host.RegisterAsync("Team member");
        var (member, _) = await host.AddColleagueAsync(tenant);
        await using var scope = await host.CreateScopeSignedInAsync(member);
        var team = scope.Get<ManageTeam>();

        var add = await team.AddAsync($"x-{Guid.NewGuid():N}@team.test", owner: true);
        var promote = await team.ChangeRoleAsync(member.Id, owner: true);
        var remove = await team.RemoveAsync(tenant.Owner.Id);

        Assert.All([add.Error, promote.Error, remove.Error], e => Assert.Equal(ErrorKind.Forbidden, e?.Kind));
        var listed = await team.ListAsync();
        Assert.Equal([(tenant.Owner.Email!, true, false), (member.Email!, false, true)],
            listed.Select(m => (m.Email, m.IsOwner, m.IsYou)));
    }

    [Fact]
    public async Task The_only_owner_cannot_step_down_but_can_once_there_is_another()
    {
        var tenant = await host.RegisterAsync("Team roles");
        var (colleague, _) = await host.AddColleagueAsync(tenant);

        var alone = await AsOwnerAsync(tenant, t => t.ChangeRoleAsync(tenant.Owner.Id, owner: false));
        var promoted = await AsOwnerAsync(tenant, t => t.ChangeRoleAsync(colleague.Id, owner: true));
        var stepDown = await AsOwnerAsync(tenant, t => t.ChangeRoleAsync(tenant.Owner.Id, owner: false));

        Assert.Equal(ErrorKind.Conflict, alone.Error?.Kind);
        Assert.True(promoted.Succeeded);
        Assert.True(stepDown.Succeeded);
        Assert.Equal([(colleague.Id, true), (tenant.Owner.Id, false)], await RolesAsync(tenant.Id));
        Assert.Contains(await ActionsAsync(tenant.Id), a => a == AuditActions.UserRoleChanged);
    }

    [Fact]
    public async Task An_owner_removes_a_colleague_but_not_themselves()
    {
        var tenant = await host.RegisterAsync("Team remove");
        var (colleague, _) = await host.AddColleagueAsync(tenant);

        var self = await AsOwnerAsync(tenant, t => t.RemoveAsync(tenant.Owner.Id));
        var removed = await AsOwnerAsync(tenant, t => t.RemoveAsync(colleague.Id));

        Assert.Equal(ErrorKind.Conflict, self.Error?.Kind);
        Assert.True(removed.Succeeded);
        Assert.Equal([(tenant.Owner.Id, true)], await RolesAsync(tenant.Id));
        Assert.Contains(await ActionsAsync(tenant.Id), a => a == AuditActions.UserRemoved);
    }

    [Fact]
    public async Task An_owner_demoted_in_another_session_cannot_remove_the_last_owner()
    {
        var tenant = await host.RegisterAsync("Team last");
        var (other, _) = await host.AddColleagueAsync(tenant, owner: true);
        // The first owner's session is opened while they are still an owner…
        await using var stale = await host.CreateScopeSignedInAsync(tenant.Owner);
        await using (var scope = await host.CreateScopeSignedInAsync(other))
            Assert.True((await scope.Get<ManageTeam>().ChangeRoleAsync(tenant.Owner.Id, owner: false)).Succeeded);

        // …and still carries the owner's claim: the database decides.
        var result = await stale.Get<ManageTeam>().RemoveAsync(other.Id);

        Assert.Equal(ErrorKind.Conflict, result.Error?.Kind);
        Assert.Equal([(other.Id, true), (tenant.Owner.Id, false)], await RolesAsync(tenant.Id));
    }

    [Fact]
    public async Task Another_tenants_user_is_not_found()
    {
        var (tenant, other) = (await host.RegisterAsync("Team a"), await host.RegisterAsync("Team b"));

        var result = await AsOwnerAsync(tenant, t => t.RemoveAsync(other.Owner.Id));

        Assert.Equal(ErrorKind.NotFound, result.Error?.Kind);
        Assert.Equal([(other.Owner.Id, true)], await RolesAsync(other.Id));
    }

    private async Task<Result<string>> AsOwnerAsync(TestTenant tenant, Func<ManageTeam, Task<Result<string>>> operation)
    {
        await using var scope = await host.CreateScopeSignedInAsync(tenant.Owner);
        return await operation(scope.Get<ManageTeam>());
    }

    /// <summary>(user id, is owner), owners first.</summary>
    private async Task<List<(string, bool)>> RolesAsync(Guid tenantId)
    {
        await using var scope = host.CreateScope();
        var users = await scope.Get<PortalDbContext>().Users.AsNoTracking().Where(u => u.TenantId == tenantId)
            .Select(u => new { u.Id, u.IsTenantOwner }).ToListAsync();
        return [.. users.OrderByDescending(u => u.IsTenantOwner).Select(u => (u.Id, u.IsTenantOwner))];
    }

    private async Task<List<string>> ActionsAsync(Guid tenantId)
    {
        await using var scope = host.CreateScope();
        return await scope.Get<PortalDbContext>().AuditEntries.IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.TenantId == tenantId).Select(e => e.Action).ToListAsync();
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteTeamMembersTests(SqliteHost host) : TeamMembersTests(host.Factory);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresTeamMembersTests(PostgresHost host) : TeamMembersTests(host.Factory);
