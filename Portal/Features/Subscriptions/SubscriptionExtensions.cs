using FluentValidation;
using Portal.Features.Subscriptions.Editor;
using Portal.Features.Subscriptions.Endpoint;
using Portal.Features.Subscriptions.Lifecycle;
using Portal.Features.Subscriptions.List;
using Portal.Features.Subscriptions.Secrets;

namespace Portal.Features.Subscriptions;

public static class SubscriptionExtensions
{
    public static IServiceCollection AddSubscriptions(this IServiceCollection services)
    {
        services.AddScoped<IValidator<SubscriptionInput>, SubscriptionInputValidator>();
        services.AddScoped<SubscriptionListQuery>();
        services.AddScoped<SubscriptionEditorQuery>();
        services.AddScoped<SaveSubscription>();
        services.AddSingleton<ShapingCheck>();
        services.AddScoped<SubscriptionQuota>();
        services.AddScoped<SubscriptionLifecycle>();
        services.AddScoped<SubscriptionLogQuery>();
        services.AddScoped<RecoverSubscription>();
        services.AddScoped<RevealSecret>();
        services.AddScoped<RotateSecret>();
        services.AddScoped<SendSampleEvent>();
        services.AddScoped<TestEndpoint>();
        services.AddScoped<Endpoint.EndpointOverviewQuery>();
        return services;
    }
}
