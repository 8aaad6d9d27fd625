namespace Portal.Features.Deliveries;

public static class DeliveriesExtensions
{
    /// <summary>Delivery history and retrigger (one delivery, or a bulk request run by <see cref="BulkRetriggerJob"/>).</summary>
    public static IServiceCollection AddDeliveries(this IServiceCollection services)
    {
        services.AddScoped<DeliveryHistoryQuery>();
        services.AddScoped<DeliveryDetailsQuery>();
        services.AddScoped<RetriggerDelivery>();
        services.AddScoped<StartBulkRetrigger>();
        services.AddScoped<BulkRetriggerRunner>();
        return services;
    }
}
