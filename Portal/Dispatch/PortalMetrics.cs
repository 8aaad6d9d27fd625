using System.Diagnostics.Metrics;

namespace Portal.Dispatch;

/// <summary>The "Portal" meter (exported through OpenTelemetry). The recorder counts attempts here; the system
/// health feature adds the queue gauges from cached figures, so a scrape never hits the database.</summary>
public sealed class PortalMetrics
{
    public const string MeterName = "Portal";

    private readonly Counter<long> _sent;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _rearmed;

    public PortalMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName);
        _sent = Meter.CreateCounter<long>("portal.deliveries.sent", "{attempt}", "Delivery attempts answered with 2xx.");
        _failed = Meter.CreateCounter<long>("portal.deliveries.failed", "{attempt}",
            "Delivery attempts that failed (non-2xx, timeout, connection error, SSRF-blocked).");
        _rearmed = Meter.CreateCounter<long>("portal.queues.rearmed", "{subscription}",
            "Subscription queues found with work but no head and re-armed by the safety net (0 when every writer keeps the rule).");
    }

    public void RecordRearmed(int count)
    {
        if (count > 0)
            _rearmed.Add(count);
    }

    public Meter Meter { get; }

    public void RecordAttempts(int sent, int failed)
    {
        if (sent > 0)
            _sent.Add(sent);
        if (failed > 0)
            _failed.Add(failed);
    }
}
