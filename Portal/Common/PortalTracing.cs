using System.Diagnostics;

namespace Portal.Common;

/// <summary>The "Portal" activity source (exported through OpenTelemetry): a publication's spans (publish → fan-out →
/// event stored) under the API request, and each delivery attempt (claim → send → record) as a child of the
/// publication's trace, whose traceparent is stored with the event.</summary>
public static class PortalTracing
{
    public const string SourceName = "Portal";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>The current span's W3C traceparent, to store with what it published.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>A finished span under <paramref name="parent"/> for work that was timed before (or apart from) it.</summary>
    public static void Span(string name, ActivityContext parent, DateTimeOffset from, DateTimeOffset to)
    {
        using var span = Source.StartActivity(name, ActivityKind.Internal, parent, startTime: from);
        span?.SetEndTime(to.UtcDateTime);
    }

    /// <summary>The context a stored traceparent names (default when there is none or it does not parse).</summary>
    public static ActivityContext Parent(string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, isRemote: true, out var context) ? context : default;
}
