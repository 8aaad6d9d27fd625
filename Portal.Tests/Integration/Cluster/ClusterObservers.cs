using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Portal.Dispatch;
using Quartz;

namespace Portal.Tests.Integration.Cluster;

/// <summary>One execution of a job on the default (maintenance) scheduler of one host.</summary>
public sealed record JobExecution(string Host, JobKey Job, DateTimeOffset ScheduledFireTime, DateTimeOffset FireTime, string InstanceId);

/// <summary>Records every job execution of the maintenance scheduler it is attached to, shared across hosts.</summary>
public sealed class JobExecutionRecorder(string host, ConcurrentBag<JobExecution> executions) : IJobListener
{
    public string Name => NameFor(host);

    public static string NameFor(string host) => $"test-recorder-{host}";

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        executions.Add(new JobExecution(host, context.JobDetail.Key, context.ScheduledFireTimeUtc ?? DateTimeOffset.MinValue,
            context.FireTimeUtc, context.Scheduler.SchedulerInstanceId));
        return ValueTask.CompletedTask;
    }
}

/// <summary>Marks each webhook request with the host that sent it (test-only, so the receiver can tell hosts
/// apart). It sits in front of the real SSRF-guarded handler and does not reach the attempt log.</summary>
public sealed class HostTagHandler(string host) : DelegatingHandler
{
    public const string Header = "X-Test-Host";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.TryAddWithoutValidation(Header, host);
        return base.SendAsync(request, cancellationToken);
    }
}

public static class ClusterObservation
{
    /// <summary>Registrations for a host called <paramref name="host"/>: its webhook requests carry the tag, its
    /// maintenance scheduler's executions land in <paramref name="executions"/>.</summary>
    public static Action<IServiceCollection> Observe(string host, ConcurrentBag<JobExecution> executions) => services =>
    {
        services.AddHttpClient(DeliveryExtensions.HttpClientName).AddHttpMessageHandler(() => new HostTagHandler(host));
        services.AddQuartz(q =>
        {
            q.AddJobListener(new JobExecutionRecorder(host, executions), [Matchers.AllJobs()]);
            // A node that finds every trigger taken by another sleeps for the idle wait (30 s by default) before
            // asking again. One second makes the nodes compete for every firing, and lets one take over quickly.
            q.ConfigureScheduler(o => o.IdleWaitTime = TimeSpan.FromSeconds(1));
        });
    };
}
