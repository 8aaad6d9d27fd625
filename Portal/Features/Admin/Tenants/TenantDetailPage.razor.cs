using Microsoft.AspNetCore.Components;
using Portal.Components.Shared;
using Portal.Identity;

namespace Portal.Features.Admin.Tenants;

public partial class TenantDetailPage
{
    private TenantDetail? _tenant;
    private bool _loaded;

    [Parameter]
    public Guid TenantId { get; set; }

    [Inject]
    private IServiceScopeFactory Scopes { get; set; } = null!;

    [Inject]
    private CurrentUser User { get; set; } = null!;

    protected override Task OnParametersSetAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _tenant = await Scopes.RunAsync<ManageTenants, TenantDetail?>(User, a => a.FindAsync(TenantId));
        _loaded = true;
    }
}
