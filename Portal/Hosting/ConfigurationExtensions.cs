using Microsoft.Extensions.Configuration.Json;

namespace Portal.Hosting;

public static class ConfigurationExtensions
{
    /// <summary>The development settings live at the repository root (design card). In Development they are read
    /// from there (or from the copy beside the binaries), with the precedence of the usual
    /// appsettings.Development.json: above appsettings.json, below user secrets, environment and command line.</summary>
    public static IHostApplicationBuilder AddRootDevelopmentSettings(this IHostApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment())
            return builder;

        var candidates = new[]
        {
            Path.Combine(builder.Environment.ContentRootPath, "..", "appsettings.Development.json"),
            Path.Combine(AppContext.BaseDirectory, "appsettings.Development.json"),
        };
        var path = candidates.Select(Path.GetFullPath).FirstOrDefault(File.Exists);
        if (path is null)
            return builder;

        var sources = builder.Configuration.Sources;
        var appSettingsIndex = sources.ToList().FindLastIndex(s => s is JsonConfigurationSource { Path: "appsettings.json" });
        var source = new JsonConfigurationSource { Path = path, Optional = true, ReloadOnChange = false };
        source.ResolveFileProvider();
        sources.Insert(appSettingsIndex + 1, source);
        return builder;
    }
}
