using System.Diagnostics;
using System.Reflection;
using Portal.Bench.Scenarios;

namespace Portal.Bench;

/// <summary>Starts the receivers, the database and the portal host(s), runs the chosen scenarios in order (each with
/// its own peak-RSS measurement), prints the table and writes the JSON report.</summary>
public static class BenchRunner
{
    public static async Task<RunReport> RunAsync(BenchOptions options, TextWriter log)
    {
        var startedAt = DateTimeOffset.UtcNow;
        await using var farm = await ReceiverFarm.StartAsync(options.Receivers, options.ReceiverLatencyMs, options.ReceiverFailureRate);
        await using var database = await Database.CreateAsync(options);
        var settings = PortalHost.Settings(database, options.PortalSettings);
        var hosts = new List<PortalHost>();
        var results = new List<ScenarioResult>();
        try
        {
            for (var i = 0; i < options.Hosts; i++)
            {
                // One after the other: the first migrates and seeds, the next find it done.
                hosts.Add(await PortalHost.StartAsync($"host{i + 1}", settings, options.PortalDll, options.PortalOutput));
                log.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] started {hosts[^1]}");
            }

            log.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {database.Description}; {farm.Count} receivers on " +
                          string.Join(", ", farm.Addresses.Select(a => a.Authority)));
            var context = new BenchContext(options, farm, hosts, log) { SqlitePath = database.SqlitePath };
            await WarmUpAsync(context);
            foreach (var name in BenchOptions.AllScenarios.Where(options.Scenarios.Contains))
            {
                var result = await RunScenarioAsync(context, name);
                results.Add(result);
                context.Results[name] = result;
                if (name == "ceiling")
                    context.Ceiling = result;
                log.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {name}: {result.RatePerSecond:F0}/s in {result.Seconds:F1} s" +
                              (result.Error is null ? "" : $" — ERROR {result.Error}"));
            }
        }
        finally
        {
            foreach (var host in hosts)
                await host.DisposeAsync();
        }

        var report = new RunReport(
            new RunInfo(startedAt, Environment.MachineName, Environment.ProcessorCount, options.Provider.ToString(), options.Hosts,
                options.Receivers, options.Smoke,
                typeof(BenchRunner).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "?",
                settings.Where(s => !s.Key.StartsWith("ConnectionStrings", StringComparison.OrdinalIgnoreCase))
                    .ToDictionary(s => s.Key, s => s.Value)),
            results);
        log.WriteLine();
        log.WriteLine(Report.Table(results));
        log.WriteLine(Report.CpuTable(results));
        await Report.WriteJsonAsync(report, options.JsonPath);
        log.WriteLine($"JSON: {Path.GetFullPath(options.JsonPath)}");
        return report;
    }

    /// <summary>A fresh process runs its first requests through the JIT (twice: quick code first, optimised code once
    /// a method is hot) and empty pools: keep that out of the scenarios' numbers, which describe a running server.</summary>
    private static async Task WarmUpAsync(BenchContext context)
    {
        if (context.Options.WarmupEvents <= 0)
            return;
        await context.SubscribeAsync("warmup", EventTypes.Warmup, 2);
        var recording = context.Farm.Reset();
        var stopwatch = Stopwatch.StartNew();
        var publish = await context.PublishAsync(EventTypes.Warmup, context.Options.WarmupEvents);
        await recording.WaitForDeliveredAsync(publish.Published.Count * 2, context.Timeout);
        context.Say($"warm-up: {publish.Published.Count} events, {recording.Delivered} deliveries in {stopwatch.Elapsed.TotalSeconds:F1} s");
    }

    private static async Task<ScenarioResult> RunScenarioAsync(BenchContext context, string name)
    {
        context.Say($"{name}: starting");
        await using var rss = new RssMeter(() => context.Hosts);
        var stopwatch = Stopwatch.StartNew();
        var benchCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var machine = MachineCpu.Start();
        ScenarioResult result;
        try
        {
            result = name switch
            {
                "ceiling" => await CeilingScenario.RunAsync(context),
                "floor" => context.SqlitePath is { } path
                    ? await FloorScenario.RunAsync(context, path)
                    : new ScenarioResult("floor", "SQLite only: skipped") { Completed = true },
                "throughput" => await ThroughputScenario.RunAsync(context),
                "transform" => await TransformScenario.RunAsync(context),
                "latency" => await LatencyScenario.RunAsync(context),
                "quiet-ingest" => await QuietIngestScenario.RunAsync(context),
                "trickle-http" => await TrickleHttpScenario.RunAsync(context),
                "ingestion" => await IngestionScenario.RunAsync(context),
                "faults" => await FaultsScenario.RunAsync(context),
                "noisy-neighbour" => await NoisyNeighbourScenario.RunAsync(context),
                "paused-backlog" => await PausedBacklogScenario.RunAsync(context),
                "limits" => await LimitsScenario.RunAsync(context),
                "crash" => await CrashScenario.RunAsync(context),
                _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown scenario."),
            };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            result = new ScenarioResult(name, "failed") { Error = e.Message };
            foreach (var host in context.Hosts)
                context.Say($"{host.Name} output (tail):\n{Tail(host.Output, 3000)}");
        }

        result.Details["wallSeconds"] = Math.Round(stopwatch.Elapsed.TotalSeconds, 1);
        // The harness's own CPU: receivers and publishers (and the ceiling's client) share the machine with the portal.
        var benchSeconds = (Process.GetCurrentProcess().TotalProcessorTime - benchCpu).TotalSeconds;
        result.Details["benchCpuSeconds"] = Math.Round(benchSeconds, 2);
        if (result.Count > 0)
            result.Details["benchCpuMsPerItem"] = Math.Round(benchSeconds * 1000 / result.Count, 3);
        if (name is not ("ceiling" or "floor" or "trickle-http")) // those run in the bench process, not the portal
        {
            var cpu = rss.CpuSeconds();
            result.PeakRssMb = await rss.StopAsync();
            result.Details["portalCpuSeconds"] = cpu;
            // CPU per unit of work: a number the other load on a shared machine disturbs far less than rates.
            if (result.Count > 0)
                result.Details["portalCpuMsPerItem"] = Math.Round(cpu.Values.Sum() * 1000 / result.Count, 3);
        }

        // Who used the machine: the database server (PostgreSQL on this box), against all of it busy and its capacity.
        var (database, busy, capacity) = machine.Read();
        result.Details["machineBusyCpuSeconds"] = busy;
        result.Details["machineCpuSeconds"] = capacity;
        if (context.Options.Provider == Provider.Postgres)
        {
            result.Details["databaseCpuSeconds"] = database;
            result.Details["databaseCpuShareOfBusy"] = busy > 0 ? Math.Round(database / busy, 3) : 0;
            if (result.Count > 0)
                result.Details["databaseCpuMsPerItem"] = Math.Round(database * 1000 / result.Count, 3);
        }
        return result;
    }

    private static string Tail(string text, int chars) => text.Length <= chars ? text : text[^chars..];
}
