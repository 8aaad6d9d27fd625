namespace Portal.Shaping;

public static class ShapingExtensions
{
    /// <summary>Payload shaping: the script sandbox, Liquid templates, the shaper, default transformations.</summary>
    public static IServiceCollection AddShaping(this IServiceCollection services)
    {
        services.AddSingleton<ScriptSandbox>();
        services.AddSingleton<LiquidTemplates>();
        services.AddSingleton<PayloadShaper>();
        services.AddSingleton<DefaultTransformations>();
        services.AddSingleton<ContentFilters>();
        return services;
    }
}
