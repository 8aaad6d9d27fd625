using FluentValidation;

namespace Portal.Features.Admin.Catalogue;

public static class AdminCatalogueExtensions
{
    public static IServiceCollection AddAdminCatalogue(this IServiceCollection services)
    {
        services.AddScoped<IValidator<EventTypeInput>, EventTypeInputValidator>();
        services.AddScoped<EditCatalogue>();
        return services;
    }
}
