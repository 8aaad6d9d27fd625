namespace Portal.Features.Audit;

public static class AuditExtensions
{
    public static IServiceCollection AddAuditLog(this IServiceCollection services) =>
        services.AddScoped<AuditTrail>();
}
