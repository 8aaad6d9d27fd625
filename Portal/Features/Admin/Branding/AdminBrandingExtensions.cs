using FluentValidation;

namespace Portal.Features.Admin.Branding;

public static class AdminBrandingExtensions
{
    /// <summary>The admin's branding page and its service.</summary>
    public static IServiceCollection AddAdminBranding(this IServiceCollection services)
    {
        services.AddSingleton<IValidator<BrandingInput>, BrandingInputValidator>();
        services.AddScoped<EditBranding>();
        return services;
    }
}
