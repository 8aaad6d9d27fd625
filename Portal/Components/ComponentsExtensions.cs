using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using MudBlazor.Services;
using Portal.Components.Account;
using Portal.Data;

namespace Portal.Components;

public static class ComponentsExtensions
{
    /// <summary>Blazor (interactive server), MudBlazor, and the account pages' services.</summary>
    public static IHostApplicationBuilder AddPortalUi(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddSingleton<IEmailSender<PortalUser>, IdentityNoOpEmailSender>();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        return builder;
    }
}
