using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Portal.Branding;
using Portal.Identity;

namespace Portal.Components.Layout;

public partial class MainLayout
{
    private MudThemeProvider? _themeProvider;
    private bool _isDarkMode;
    private bool _drawerOpen = true;
    private bool _embedded;

    [Inject] private Brand Brand { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    /// <summary>The visitor's saved choice (cookie); null until they choose, then the system setting is used.</summary>
    [CascadingParameter(Name = "PreferredDarkMode")]
    public bool? PreferredDarkMode { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _isDarkMode = PreferredDarkMode ?? false;
        if (AuthenticationState is not null)
            _embedded = (await AuthenticationState).User.HasClaim(PortalClaimTypes.Embed, "true");
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || PreferredDarkMode is not null || _themeProvider is null)
            return;
        var systemDark = await _themeProvider.GetSystemDarkModeAsync();
        if (systemDark != _isDarkMode)
        {
            _isDarkMode = systemDark;
            StateHasChanged();
        }
    }

    private void ToggleDrawer() => _drawerOpen = !_drawerOpen;

    private void SetDarkMode(bool dark) => _isDarkMode = dark;
}
