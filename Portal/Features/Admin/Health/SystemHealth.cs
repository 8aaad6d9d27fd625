using Portal.Jobs;

namespace Portal.Features.Admin.Health;

/// <summary>Waiting deliveries of active subscriptions: due now (should be going out) and scheduled later (retries).</summary>
public sealed record QueueFigures(int DueNow, int ScheduledLater, TimeSpan? OldestDueAge, IReadOnlyList<HostLeases> Leases)
{
    public int InFlight => Leases.Sum(l => l.Leases);
}

/// <summary>Deliveries a host holds a live lease on (being sent now), by host.</summary>
public sealed record HostLeases(string Host, int Leases, DateTimeOffset LatestUntil);

/// <summary>Attempts per minute over the last hour (oldest first).</summary>
public sealed record ThroughputPoint(DateTimeOffset Minute, int Sent, int Failed);

public sealed record SchedulerNode(string InstanceId, DateTimeOffset? LastCheckIn, bool IsThisHost);

public sealed record JobStatus(string Job, DateTimeOffset? NextRun, JobRun? LastRun);

/// <summary>The maintenance scheduler: its nodes (clustered store) or this host alone (in-memory store).</summary>
public sealed record SchedulerStatus(bool Clustered, IReadOnlyList<SchedulerNode> Nodes, IReadOnlyList<JobStatus> Jobs);
