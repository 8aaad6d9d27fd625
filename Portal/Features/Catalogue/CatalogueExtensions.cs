namespace Portal.Features.Catalogue;

public static class CatalogueExtensions
{
    public static IServiceCollection AddCatalogue(this IServiceCollection services) =>
        services.AddScoped<CatalogueQuery>();
}
