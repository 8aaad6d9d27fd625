using System.Globalization;

namespace Portal.Bench;

public enum Provider
{
    Sqlite,
    Postgres,
}

/// <summary>Everything a run can be told on the command line. Every count has a time bound beside it.</summary>
public sealed class BenchOptions
{
    public static readonly string[] AllScenarios = ["ceiling", "floor", "throughput", "transform", "latency", "quiet-ingest", "trickle-http", "ingestion", "faults", "noisy-neighbour", "paused-backlog", "limits", "crash"];

    public List<string> Scenarios { get; set; } = [.. AllScenarios];
    public Provider Provider { get; set; } = Provider.Sqlite;
    public string PostgresServer { get; set; } =
        Environment.GetEnvironmentVariable("PORTAL_TEST_POSTGRES") is { Length: > 0 } server
            ? server
            : "Host=127.0.0.1;Port=5432;Username=portal;Password=portal";
    public int Hosts { get; set; } = 1;
    public int Receivers { get; set; } = 4;
    public int ReceiverLatencyMs { get; set; }
    public double ReceiverFailureRate { get; set; }

    /// <summary>Concurrency of the ceiling's raw client: the portal's Delivery:MaxConcurrency (per host).</summary>
    public int Concurrency { get; set; } = 64;
    public int CeilingRequests { get; set; } = 30_000;
    public int Events { get; set; } = 2_000;
    public int Subscriptions { get; set; } = 10;
    public int Publishers { get; set; } = 16;
    public int LatencyRate { get; set; } = 200;
    public int LatencySeconds { get; set; } = 10;
    public int IngestionRequests { get; set; } = 20_000;
    public int IngestionConcurrency { get; set; } = 32;
    public int IngestionSeconds { get; set; } = 10;
    public int FaultEvents { get; set; } = 300;
    public int FaultSeconds { get; set; } = 5;
    public int CrashDeliveries { get; set; } = 10_000;

    /// <summary>noisy-neighbour: healthy endpoints, the rate of events they all get (each event goes to every one of
    /// them and to the two noisy ones), for how long, the noisy endpoints' backlog and the slow one's answer time.</summary>
    public int NoisyHealthy { get; set; } = 4;
    public int NoisyRate { get; set; } = 200;
    public int NoisySeconds { get; set; } = 10;
    public int NoisyBacklog { get; set; } = 1_000;
    public int NoisySlowMs { get; set; } = 3_000;

    /// <summary>paused-backlog: deliveries waiting for a paused subscription while the throughput load runs.</summary>
    public int PausedBacklog { get; set; } = 100_000;

    /// <summary>limits: events for two subscriptions, one capped at N requests in flight (its endpoint answers after
    /// 50 ms), one paced at R requests per second.</summary>
    public int LimitsEvents { get; set; } = 300;
    public int LimitsInFlight { get; set; } = 4;
    public int LimitsRate { get; set; } = 20;

    /// <summary>Events published (and delivered) before the first scenario, so JIT and pools are warm. Tiered JIT
    /// recompiles hot methods optimised in the background; after 1,000 events it was still doing so ≈ 8 s into the
    /// next scenario (≈ 10 % of the portal's CPU, seen in the perf map), after 8,000 it has settled.</summary>
    public int WarmupEvents { get; set; } = 8_000;

    /// <summary>Longest wait for one scenario's deliveries after its publishing ended.</summary>
    public int TimeoutSeconds { get; set; } = 120;
    public string JsonPath { get; set; } = "bench-results.json";
    public string? PortalDll { get; set; }

    /// <summary>Folder for each portal process's full console output (host1.log…).</summary>
    public string? PortalOutput { get; set; }
    public bool Smoke { get; set; }
    public bool Quiet { get; set; }

    /// <summary>Extra portal configuration (key=value, e.g. Delivery:BatchSize=200), for experiments.</summary>
    public Dictionary<string, string> PortalSettings { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        if (args.Contains("--smoke"))
            options.ApplySmoke();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            int Int() => int.Parse(Value(), CultureInfo.InvariantCulture);
            switch (name)
            {
                case "--smoke": break;
                case "--scenario" or "--scenarios":
                    options.Scenarios = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(s => s.ToLowerInvariant()).ToList();
                    break;
                case "--provider": options.Provider = Enum.Parse<Provider>(Value(), ignoreCase: true); break;
                case "--postgres": options.PostgresServer = Value(); break;
                case "--hosts": options.Hosts = Int(); break;
                case "--receivers": options.Receivers = Int(); break;
                case "--receiver-latency-ms": options.ReceiverLatencyMs = Int(); break;
                case "--receiver-failure-rate": options.ReceiverFailureRate = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--concurrency": options.Concurrency = Int(); break;
                case "--ceiling-requests": options.CeilingRequests = Int(); break;
                case "--events": options.Events = Int(); break;
                case "--subscriptions": options.Subscriptions = Int(); break;
                case "--publishers": options.Publishers = Int(); break;
                case "--latency-rate": options.LatencyRate = Int(); break;
                case "--latency-seconds": options.LatencySeconds = Int(); break;
                case "--ingestion-requests": options.IngestionRequests = Int(); break;
                case "--ingestion-concurrency": options.IngestionConcurrency = Int(); break;
                case "--ingestion-seconds": options.IngestionSeconds = Int(); break;
                case "--fault-events": options.FaultEvents = Int(); break;
                case "--fault-seconds": options.FaultSeconds = Int(); break;
                case "--crash-deliveries": options.CrashDeliveries = Int(); break;
                case "--noisy-healthy": options.NoisyHealthy = Int(); break;
                case "--noisy-rate": options.NoisyRate = Int(); break;
                case "--noisy-seconds": options.NoisySeconds = Int(); break;
                case "--noisy-backlog": options.NoisyBacklog = Int(); break;
                case "--noisy-slow-ms": options.NoisySlowMs = Int(); break;
                case "--paused-backlog": options.PausedBacklog = Int(); break;
                case "--limits-events": options.LimitsEvents = Int(); break;
                case "--limits-in-flight": options.LimitsInFlight = Int(); break;
                case "--limits-rate": options.LimitsRate = Int(); break;
                case "--warmup-events": options.WarmupEvents = Int(); break;
                case "--timeout": options.TimeoutSeconds = Int(); break;
                case "--json": options.JsonPath = Value(); break;
                case "--portal-dll": options.PortalDll = Value(); break;
                case "--portal-output": options.PortalOutput = Value(); break;
                case "--quiet": options.Quiet = true; break;
                case "--set":
                    var setting = Value().Split('=', 2);
                    if (setting.Length != 2)
                        throw new ArgumentException("--set expects Key:Path=value.");
                    options.PortalSettings[setting[0]] = setting[1];
                    break;
                default: throw new ArgumentException($"Unknown option {name}. See --help.");
            }
        }

        options.Validate();
        return options;
    }

    /// <summary>CI-sized: proves every scenario still runs end to end, not how fast.</summary>
    public void ApplySmoke()
    {
        Smoke = true;
        Receivers = 2;
        CeilingRequests = 500;
        Events = 100;
        Subscriptions = 4;
        Publishers = 4;
        LatencyRate = 20;
        LatencySeconds = 2;
        IngestionRequests = 200;
        IngestionConcurrency = 4;
        IngestionSeconds = 5;
        FaultEvents = 20;
        FaultSeconds = 2;
        CrashDeliveries = 400;
        NoisyHealthy = 2;
        NoisyRate = 20;
        NoisySeconds = 2;
        NoisyBacklog = 50;
        PausedBacklog = 1_000;
        LimitsEvents = 30;
        LimitsRate = 10;
        WarmupEvents = 20;
        TimeoutSeconds = 60;
    }

    private void Validate()
    {
        var unknown = Scenarios.Except(AllScenarios).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"Unknown scenario(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", AllScenarios)}.");
        if (Hosts is < 1 or > 4)
            throw new ArgumentException("--hosts must be 1–4.");
        if (Hosts > 1 && Provider == Provider.Sqlite)
            throw new ArgumentException("Several hosts need a shared database server: add --provider postgres.");
        if (Receivers < 1 || Subscriptions < 1 || Events < 1 || Publishers < 1 || Concurrency < 1)
            throw new ArgumentException("Counts must be positive.");
        if (NoisyHealthy < 1 || NoisyRate < 1 || NoisySeconds < 1 || NoisyBacklog < 0 || NoisySlowMs < 1)
            throw new ArgumentException("The noisy-neighbour counts must be positive.");
        if (LimitsEvents is < 1 or > 100_000 || LimitsInFlight is < 1 or > 256 || LimitsRate is < 1 or > 10_000)
            throw new ArgumentException("--limits-events must be 1–100,000, --limits-in-flight 1–256, --limits-rate 1–10,000.");
        if (PausedBacklog is < 0 or > 1_000_000)
            throw new ArgumentException("--paused-backlog must be 0–1,000,000.");
        if (ReceiverFailureRate is < 0 or >= 1)
            throw new ArgumentException("--receiver-failure-rate must be in [0, 1).");
    }

    public const string Help = """
        Portal.Bench — starts the real portal (separate process, 127.0.0.1) and in-process receivers, runs scenarios.
          --scenario a,b,…          ceiling,floor,throughput,transform,latency,quiet-ingest,trickle-http,ingestion,faults,noisy-neighbour,paused-backlog,limits,crash (default: all)
          --smoke                   tiny counts (CI)
          --provider sqlite|postgres  database (default sqlite, a temporary file); postgres: a fresh database
          --postgres <connstr>      server for --provider postgres (default $PORTAL_TEST_POSTGRES or portal/portal@127.0.0.1)
          --hosts N                 portal processes on one database (postgres only)
          --receivers N             Kestrel receivers (4); --receiver-latency-ms, --receiver-failure-rate
          --concurrency N           ceiling client concurrency (64 = the portal's Delivery:MaxConcurrency)
          --ceiling-requests N      (30000)     --events E (2000) --subscriptions S (10) --publishers P (16)
          --latency-rate R (200/s)  --latency-seconds T (10)
          --ingestion-requests N (20000) --ingestion-concurrency C (32) --ingestion-seconds T (10)
          --fault-events N (300)    --fault-seconds T (5)    --crash-deliveries N (10000)
          --noisy-healthy N (4) --noisy-rate R (200 ev/s) --noisy-seconds T (10) --noisy-backlog N (1000) --noisy-slow-ms (3000)
          --paused-backlog N (100000)  deliveries waiting for a paused subscription during the throughput load
          --limits-events N (300) --limits-in-flight N (4) --limits-rate R (20/s)  per-subscription limits, summed over the hosts
          --warmup-events N (8000)  published and delivered (2 subscriptions) before the first scenario, not measured
          --timeout S               longest wait for one scenario's deliveries (120)
          --json path               results file (bench-results.json)
          --set Key:Path=value      extra portal configuration (e.g. Delivery:BatchSize=200)
          --portal-output folder    write each portal process's console output to folder/hostN.log
        """;
}
