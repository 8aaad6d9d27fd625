using FluentValidation;

namespace Portal.Features.Admin.Catalogue;

public static class CatalogueAdminExtensions
{
    public static IServiceCollection AddCatalogueAdmin(this IServiceCollection services)
    {
        services.AddScoped<IValidator<EventTypeInput>, EventTypeInputValidator>();
        services.AddScoped<CatalogueAdmin>();
        return services;
    }
}
