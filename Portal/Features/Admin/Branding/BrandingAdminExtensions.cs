using FluentValidation;

namespace Portal.Features.Admin.Branding;

public static class BrandingAdminExtensions
{
    /// <summary>The admin's branding page and its service.</summary>
    public static IServiceCollection AddBrandingAdmin(this IServiceCollection services)
    {
        services.AddSingleton<IValidator<BrandingInput>, BrandingInputValidator>();
        services.AddScoped<BrandingAdmin>();
        return services;
    }
}
