using System.Diagnostics;

namespace Portal.Bench.Scenarios;

/// <summary>N deliveries in flight, then <c>kill -9</c> of a host midway and a restart: nothing may be lost (every
/// delivery received at least once); the duplicates that at-least-once allows are counted. With one host (SQLite)
/// the restarted host takes its own expired leases back; with several, the survivors take them over.</summary>
public static class CrashScenario
{
    private const int Subscriptions = 10;

    public static async Task<ScenarioResult> RunAsync(BenchContext context)
    {
        var options = context.Options;
        var result = new ScenarioResult("crash", $"kill -9 of 1 of {context.Hosts.Count} host(s) midway, restart");
        var endpoints = await context.SubscribeAsync("crash", EventTypes.Crash, Subscriptions);
        var recording = context.Farm.Reset(endpoints);
        var events = Math.Max(1, options.CrashDeliveries / Subscriptions);
        var expected = events * Subscriptions;
        var victim = context.Hosts[^1];
        // Publish through the survivors (the victim's API dies with it); with one host, publishing ends before the kill.
        var publishers = context.Apis.Count > 1 ? context.Apis.Take(context.Apis.Count - 1).ToList() : context.Apis.ToList();

        // With one host publishing must end before the kill; a fast engine could drain everything by then and the
        // kill would prove nothing. Endpoints answering after 50 ms bound it (10 × 8 in flight / 50 ms = 1,600/s), so
        // deliveries are still pending — and some in flight — when the host dies.
        var slowed = context.Apis.Count == 1;
        if (slowed)
            foreach (var endpoint in endpoints)
                context.Farm.DelayEndpoint(endpoint, 50);
        var started = Stopwatch.StartNew();
        var publishing = context.PublishAsync(EventTypes.Crash, events, publishers);
        var killAt = expected * 3 / 10;
        while (recording.Delivered < killAt && started.Elapsed < context.Timeout && !(publishing.IsCompleted && recording.Delivered >= expected))
            await Task.Delay(2);
        if (context.Apis.Count == 1)
            await publishing;
        var deliveredAtKill = recording.Delivered;
        var killedAfter = started.Elapsed;
        await victim.KillAsync();
        context.Say($"crash: killed {victim.Name} after {deliveredAtKill}/{expected} deliveries ({killedAfter.TotalSeconds:F1} s)");
        if (slowed)
            foreach (var endpoint in endpoints)
                context.Farm.DelayEndpoint(endpoint, 0);
        var down = Stopwatch.StartNew();
        await victim.RestartAsync(options.PortalDll);
        var restartSeconds = down.Elapsed.TotalSeconds;
        context.Say($"crash: {victim.Name} restarted in {restartSeconds:F1} s (pid {victim.ProcessId})");

        var publish = await publishing;
        var published = publish.Published.Count * Subscriptions;
        await recording.WaitForDeliveredAsync(published, context.Timeout);
        var seconds = Stopwatch.GetElapsedTime(publish.StartedAt, Math.Max(recording.LastOkAt, publish.EndedAt)).TotalSeconds;

        result.Expected = expected;
        result.Count = recording.Delivered;
        result.Delivered = recording.Delivered;
        result.Lost = expected - recording.Delivered;
        result.Duplicates = recording.Duplicates;
        result.Seconds = seconds;
        result.RatePerSecond = recording.Delivered / seconds;
        result.Details["deliveredAtKill"] = deliveredAtKill;
        result.Details["killedAfterSeconds"] = Math.Round(killedAfter.TotalSeconds, 2);
        result.Details["restartSeconds"] = Math.Round(restartSeconds, 2);
        result.Details["publishFailures"] = publish.Failures;
        if (context.Hosts.Count > 1)
            result.Details["perHost"] = ThroughputScenario.PerHost(context, recording);
        result.Completed = result.Lost == 0 && publish.Failures == 0 && deliveredAtKill < expected;
        return result;
    }
}
