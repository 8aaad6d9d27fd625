using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Portal.Bench;

/// <summary>One scenario's outcome. <see cref="Completed"/> means it ran to the end and nothing was lost.</summary>
public sealed class ScenarioResult(string name, string measures)
{
    public string Name { get; } = name;
    public string Measures { get; } = measures;
    public bool Completed { get; set; }
    public long Count { get; set; }
    public long? Expected { get; set; }
    public long? Delivered { get; set; }
    public long? Lost { get; set; }
    public long? Duplicates { get; set; }
    public double Seconds { get; set; }
    public double RatePerSecond { get; set; }
    public double? RatioToCeiling { get; set; }
    public double? P50Ms { get; set; }
    public double? P95Ms { get; set; }
    public double? P99Ms { get; set; }
    public Dictionary<string, double> PeakRssMb { get; set; } = [];
    public Dictionary<string, object> Details { get; } = [];
    public string? Error { get; set; }
}

public sealed record RunInfo(DateTimeOffset StartedAt, string Machine, int ProcessorCount, string Provider, int Hosts,
    int Receivers, bool Smoke, string Configuration, IReadOnlyDictionary<string, string> PortalSettings);

public sealed record RunReport(RunInfo Run, IReadOnlyList<ScenarioResult> Scenarios);

public static class Report
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static async Task WriteJsonAsync(RunReport report, string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
            Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, JsonOptions));
    }

    /// <summary>A Markdown table (pastes into docs/performance.md as it is).</summary>
    public static string Table(IEnumerable<ScenarioResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| scenario | measures | count | time (s) | rate (/s) | × ceiling | p50 (ms) | p95 (ms) | p99 (ms) | lost | dup | peak RSS (MB) | ok |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            var rss = r.PeakRssMb.Count == 0 ? "" : string.Join(" / ", r.PeakRssMb.Values.Select(v => F(v, 0)));
            text.Append(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.Measures} | {r.Count:N0} | {F(r.Seconds, 1)} | {F(r.RatePerSecond, 0)} | {F(r.RatioToCeiling, 2)} | ");
            text.Append(CultureInfo.InvariantCulture,
                $"{F(r.P50Ms, 1)} | {F(r.P95Ms, 1)} | {F(r.P99Ms, 1)} | {r.Lost?.ToString(CultureInfo.InvariantCulture) ?? ""} | ");
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{r.Duplicates?.ToString(CultureInfo.InvariantCulture) ?? ""} | {rss} | {(r.Completed ? "yes" : "NO")} |");
        }

        return text.ToString();
    }

    /// <summary>Where the CPU went per scenario: the portal hosts and the database server per item, the database's
    /// share of the busy CPU, and how busy the machine was (100 % = every core).</summary>
    public static string CpuTable(IEnumerable<ScenarioResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| scenario | portal CPU ms/item | database CPU ms/item | bench CPU ms/item | database share of busy CPU | machine busy |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            var busy = Number(r, "machineBusyCpuSeconds") is { } b && Number(r, "machineCpuSeconds") is { } capacity and > 0
                ? b / capacity * 100 : (double?)null;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Name} | {F(Number(r, "portalCpuMsPerItem"), 3)} | {F(Number(r, "databaseCpuMsPerItem"), 3)} | {F(Number(r, "benchCpuMsPerItem"), 3)} | {F(Number(r, "databaseCpuShareOfBusy") * 100, 0)}{(Number(r, "databaseCpuShareOfBusy") is null ? "" : " %")} | {F(busy, 0)}{(busy is null ? "" : " %")} |");
        }

        return text.ToString();
    }

    private static double? Number(ScenarioResult result, string key) =>
        result.Details.TryGetValue(key, out var value) && value is double number ? number : null;

    private static string F(double? value, int decimals) =>
        value is { } v ? v.ToString(decimals == 0 ? "N0" : $"N{decimals}", CultureInfo.InvariantCulture) : "";

    /// <summary>Percentile of sorted values (nearest rank).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
