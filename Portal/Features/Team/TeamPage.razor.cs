using Microsoft.AspNetCore.Components;
using Portal.Components.Shared;
using Portal.Identity;

namespace Portal.Features.Team;

public partial class TeamPage
{
    private IReadOnlyList<TeamMember>? _members;

    [Inject]
    private IServiceScopeFactory Scopes { get; set; } = null!;

    [Inject]
    private CurrentUser User { get; set; } = null!;

    private bool CanManage => User.IsTenantOwner;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync() =>
        _members = await Scopes.RunAsync<ManageTeam, IReadOnlyList<TeamMember>>(User, t => t.ListAsync());
}
