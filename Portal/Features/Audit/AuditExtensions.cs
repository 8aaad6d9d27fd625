namespace Portal.Features.Audit;

public static class AuditExtensions
{
    /// <summary>The trail every use case records on, and the log's query.</summary>
    public static IServiceCollection AddAuditLog(this IServiceCollection services) =>
        services.AddScoped<AuditTrail>().AddScoped<AuditLogQuery>();
}
