using FluentValidation;
using Portal.Notifications;

namespace Portal.Features.Subscriptions;

public static class SubscriptionExtensions
{
    public static IServiceCollection AddSubscriptionFeatures(this IServiceCollection services)
    {
        services.AddScoped<IValidator<SubscriptionInput>, SubscriptionInputValidator>();
        services.AddScoped<SaveSubscription>();
        services.AddSingleton<ShapingCheck>();
        services.AddScoped<SubscriptionQuota>();
        services.AddScoped<NotificationAddresses>();
        services.AddOptions<QuotaOptions>().BindConfiguration(QuotaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<SubscriptionLifecycle>();
        services.AddScoped<RecoverSubscription>();
        services.AddScoped<SigningSecrets>();
        services.AddScoped<SendSampleEvent>();
        services.AddScoped<TestEndpoint>();
        services.AddScoped<Endpoint.EndpointOverviewQuery>();
        return services;
    }
}
