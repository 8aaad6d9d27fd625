using System.Globalization;

namespace Portal.Bench;

/// <summary>Peak resident memory of the portal processes during one scenario: the kernel's high-water mark (VmHWM,
/// reset at the start through /proc/&lt;pid&gt;/clear_refs) and, where that cannot be reset, VmRSS sampled every
/// 100 ms.</summary>
public sealed class RssMeter : IAsyncDisposable
{
    private readonly Func<IReadOnlyList<PortalHost>> _hosts;
    private readonly Dictionary<string, long> _peakKb = [];
    private readonly Dictionary<string, (int Pid, double Seconds)> _cpuAtStart = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;

    public RssMeter(Func<IReadOnlyList<PortalHost>> hosts)
    {
        _hosts = hosts;
        foreach (var host in hosts())
        {
            TryResetHighWaterMark(host.ProcessId);
            _cpuAtStart[host.Name] = (host.ProcessId, CpuSeconds(host.ProcessId) ?? 0);
        }
        _sampler = SampleAsync();
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            do
            {
                Sample("VmRSS:");
            } while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private void Sample(string field)
    {
        foreach (var host in _hosts())
        {
            if (!host.IsRunning || Read(host.ProcessId, field) is not { } kb)
                continue;
            lock (_peakKb)
                _peakKb[host.Name] = Math.Max(_peakKb.GetValueOrDefault(host.Name), kb);
        }
    }

    /// <summary>Peak MB per host name.</summary>
    public async Task<Dictionary<string, double>> StopAsync()
    {
        await _stop.CancelAsync();
        await _sampler;
        Sample("VmHWM:");
        lock (_peakKb)
            return _peakKb.ToDictionary(p => p.Key, p => Math.Round(p.Value / 1024.0, 1));
    }

    /// <summary>CPU seconds (user + system) each host used since the meter started; a host restarted meanwhile
    /// counts from its new start.</summary>
    public Dictionary<string, double> CpuSeconds()
    {
        var used = new Dictionary<string, double>();
        foreach (var host in _hosts())
        {
            if (CpuSeconds(host.ProcessId) is not { } now)
                continue;
            var start = _cpuAtStart.GetValueOrDefault(host.Name);
            used[host.Name] = Math.Round(start.Pid == host.ProcessId ? now - start.Seconds : now, 2);
        }

        return used;
    }

    /// <summary>utime + stime from /proc/&lt;pid&gt;/stat (clock ticks, 100 per second on Linux).</summary>
    internal static double? CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static void TryResetHighWaterMark(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not Linux or not allowed: the 100 ms samples alone give the peak.
        }
    }

    private static long? Read(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(field.Length).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process just exited (crash scenario).
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
            await StopAsync();
        _stop.Dispose();
    }
}

/// <summary>Which portal process sent a request: the receiver saw the client's port; Linux's /proc tells which
/// process holds the socket with that local port. Only connections still open at the end are attributed (the
/// portal's pooled connections normally are).</summary>
public static class SocketOwners
{
    public static Dictionary<int, string> PortsByHost(IEnumerable<PortalHost> hosts)
    {
        var inodeToPort = new Dictionary<long, int>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
                continue;
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (columns.Length < 10)
                    continue;
                var local = columns[1];
                var port = int.Parse(local.AsSpan(local.IndexOf(':', StringComparison.Ordinal) + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (long.TryParse(columns[9], CultureInfo.InvariantCulture, out var inode) && inode != 0)
                    inodeToPort[inode] = port;
            }
        }

        var owners = new Dictionary<int, string>();
        foreach (var host in hosts.Where(h => h.IsRunning))
        {
            try
            {
                foreach (var fd in Directory.EnumerateFiles($"/proc/{host.ProcessId}/fd"))
                {
                    var target = new FileInfo(fd).LinkTarget;
                    if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal)
                        && long.TryParse(target.AsSpan(8, target.Length - 9), CultureInfo.InvariantCulture, out var inode)
                        && inodeToPort.TryGetValue(inode, out var port))
                        owners[port] = host.Name;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not attributable: reported as unknown.
            }
        }

        return owners;
    }
}

/// <summary>The machine's CPU from /proc/stat and the local database server's (every process named <c>postgres</c>),
/// from <see cref="Start"/> to <see cref="Read"/>: with the portal hosts' own CPU, a reader can tell whether the
/// database or the hosts bound a result. A backend that exits meanwhile takes its CPU with it (the portal's pooled
/// connections live through a scenario, so few do): the database figure is a lower bound.</summary>
public sealed class MachineCpu
{
    private readonly Dictionary<int, double> _databaseAtStart;
    private readonly (double Busy, double Total) _machineAtStart;

    private MachineCpu(Dictionary<int, double> databaseAtStart, (double Busy, double Total) machineAtStart)
    {
        _databaseAtStart = databaseAtStart;
        _machineAtStart = machineAtStart;
    }

    public static MachineCpu Start() => new(DatabaseProcesses(), Machine());

    /// <returns>CPU seconds of the database server, busy CPU seconds of the machine (all processes), and the
    /// machine's CPU capacity in the interval (wall time × cores).</returns>
    public (double Database, double MachineBusy, double MachineCapacity) Read()
    {
        var database = DatabaseProcesses().Sum(p => p.Value - _databaseAtStart.GetValueOrDefault(p.Key));
        var (busy, total) = Machine();
        return (Math.Round(database, 2), Math.Round(busy - _machineAtStart.Busy, 2), Math.Round(total - _machineAtStart.Total, 2));
    }

    private static Dictionary<int, double> DatabaseProcesses()
    {
        var cpu = new Dictionary<int, double>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid))
                continue;
            try
            {
                if (File.ReadAllText(Path.Combine(directory, "comm")).Trim() == "postgres" && RssMeter.CpuSeconds(pid) is { } seconds)
                    cpu[pid] = seconds;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Exited meanwhile.
            }
        }

        return cpu;
    }

    /// <summary>The first line of /proc/stat: busy = everything but idle and iowait; ticks are 1/100 s.</summary>
    private static (double Busy, double Total) Machine()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var total = fields.Take(8).Sum(); // user nice system idle iowait irq softirq steal (guest is inside user)
            var idle = fields[3] + fields[4];
            return ((total - idle) / 100.0, total / 100.0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return (0, 0);
        }
    }
}
