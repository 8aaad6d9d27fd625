using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Portal.Settings;

public static class StoredSettingsExtensions
{
    /// <summary>The store and its refresher. Call before services that read stored settings at start-up.</summary>
    public static IServiceCollection AddStoredSettingsStore(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(StoredSettings)))
            return services;
        services.AddOptions<StoredSettingsOptions>().Bind(configuration.GetSection(StoredSettingsOptions.Section));
        services.AddSingleton<StoredSettings>();
        services.AddHostedService<StoredSettingsRefresher>();
        return services;
    }

    /// <summary>Lays the stored document <paramref name="name"/> (when one was saved) over <typeparamref name="TOptions"/>
    /// from configuration, and re-binds when it changes, so <c>IOptionsMonitor</c> and <c>IOptionsSnapshot</c> readers
    /// see an admin's change without a restart. <c>IOptions</c> readers keep the first value: don't use it for these.</summary>
    public static IServiceCollection AddStoredSettings<TOptions, TStored>(
        this IServiceCollection services, string name, Action<TOptions, TStored, IServiceProvider> apply)
        where TOptions : class
        where TStored : class
    {
        services.AddSingleton<IPostConfigureOptions<TOptions>>(sp => new PostConfigureOptions<TOptions>(
            Options.DefaultName,
            options =>
            {
                if (sp.GetRequiredService<StoredSettings>().Get<TStored>(name) is { } stored)
                    apply(options, stored, sp);
            }));
        services.AddSingleton<IOptionsChangeTokenSource<TOptions>>(sp =>
            new StoredSettingsChangeTokenSource<TOptions>(sp.GetRequiredService<StoredSettings>(), name));
        return services;
    }

    private sealed class StoredSettingsChangeTokenSource<TOptions>(StoredSettings settings, string name)
        : IOptionsChangeTokenSource<TOptions>
    {
        public string Name => Options.DefaultName;
        public IChangeToken GetChangeToken() => settings.GetChangeToken(name);
    }
}
