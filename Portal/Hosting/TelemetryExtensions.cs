using OpenTelemetry.Metrics;
using Portal.Dispatch;

namespace Portal.Hosting;

public static class TelemetryExtensions
{
    /// <summary>OpenTelemetry metrics: the "Portal" meter (queue gauges, sent/failed counters) plus ASP.NET Core's and
    /// the HTTP client's, exposed in Prometheus format at <c>/metrics</c> (<c>Telemetry:Prometheus</c>, on by default).</summary>
    public static IHostApplicationBuilder AddPortalTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(PortalMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "System.Net.Http");
            if (PrometheusEnabled(builder.Configuration))
                metrics.AddPrometheusExporter();
        });
        return builder;
    }

    public static WebApplication MapPortalTelemetry(this WebApplication app)
    {
        if (PrometheusEnabled(app.Configuration))
            app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    private static bool PrometheusEnabled(IConfiguration configuration) => configuration.GetValue("Telemetry:Prometheus", true);
}
