namespace Portal.Secrets;

public static class SecretsExtensions
{
    /// <summary>Secrets at rest (Data Protection, keys in the database) and the platform-wide keys every host shares.</summary>
    public static IServiceCollection AddSecrets(this IServiceCollection services)
    {
        services.AddSingleton<SecretProtector>();
        services.AddSingleton<PlatformSecrets>();
        services.AddSingleton<PlatformKeyStore>();
        services.AddSingleton<TokenSigningKeyStore>();
        return services;
    }
}
