using System.Security.Cryptography;
using System.Text;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Portal.Common;
using Portal.Dispatch;

namespace Portal.Hosting;

public static class TelemetryExtensions
{
    private const string HttpClientMeter = "System.Net.Http";

    /// <summary>What the HTTP client's series may be labelled with. Not the target (server.address, server.port,
    /// network.peer.address, url.full…): every subscriber's endpoint would become a series, and /metrics would list
    /// every tenant's receivers.</summary>
    private static readonly string[] HttpClientTags =
        ["http.request.method", "http.response.status_code", "error.type", "http.connection.state"];

    /// <summary>OpenTelemetry metrics: the "Portal" meter (queue gauges, sent/failed counters) plus ASP.NET Core's and
    /// the HTTP client's, exposed in Prometheus format at <c>/metrics</c> (<c>Telemetry:Prometheus</c>, on by default;
    /// see <see cref="MapPortalTelemetry"/> for who may scrape).</summary>
    public static IHostApplicationBuilder AddPortalTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(PortalMetrics.MeterName, "Microsoft.AspNetCore.Hosting", HttpClientMeter);
            metrics.AddView(instrument => instrument.Meter.Name == HttpClientMeter
                ? new MetricStreamConfiguration { TagKeys = HttpClientTags }
                : null);
            if (PrometheusEnabled(builder.Configuration))
                metrics.AddPrometheusExporter();
        }).WithTracing(tracing =>
        {
            // The API request (ASP.NET Core's own source), Portal's publish and attempt spans, the HTTP calls.
            tracing.AddSource(PortalTracing.SourceName, "Microsoft.AspNetCore", HttpClientMeter);
            if (OtlpConfigured(builder.Configuration))
                tracing.AddOtlpExporter();
        });
        return builder;
    }

    /// <summary>With <c>Telemetry:PrometheusToken</c> set, a scrape needs <c>Authorization: Bearer &lt;token&gt;</c>
    /// (else 401). Without one, /metrics is served in Development only.</summary>
    public static WebApplication MapPortalTelemetry(this WebApplication app)
    {
        if (!PrometheusEnabled(app.Configuration))
            return app;
        var token = app.Configuration["Telemetry:PrometheusToken"];
        if (string.IsNullOrEmpty(token))
        {
            if (!app.Environment.IsDevelopment())
            {
                app.Logger.LogWarning("/metrics is not served: set Telemetry:PrometheusToken to scrape it.");
                return app;
            }
        }
        else
        {
            var expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));
            app.UseWhen(context => context.Request.Path.StartsWithSegments("/metrics"), scrape => scrape.Use((context, next) =>
            {
                if (HasBearer(context.Request, expected))
                    return next(context);
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                return context.Response.WriteAsync("Scraping /metrics needs the bearer token of Telemetry:PrometheusToken.");
            }));
        }
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    /// <summary>Compares hashes in constant time: the time taken says nothing about how much of the token matched.</summary>
    private static bool HasBearer(HttpRequest request, byte[] expectedHash)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
               && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim())), expectedHash);
    }

    /// <summary>Traces are exported over OTLP when the standard variables name a collector
    /// (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT; protocol, headers and timeout from the other
    /// OTEL_EXPORTER_OTLP_* variables, read by the exporter itself).</summary>
    private static bool OtlpConfigured(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])
        || !string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]);

    private static bool PrometheusEnabled(IConfiguration configuration) => configuration.GetValue("Telemetry:Prometheus", true);
}
