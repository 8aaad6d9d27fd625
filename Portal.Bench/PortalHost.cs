using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace Portal.Bench;

/// <summary>The real portal, started from its build output as a separate process on 127.0.0.1 (as an operator runs
/// it), in Production, with only what a benchmark needs switched on: migrations and the demo seed (for the API key),
/// loopback targets allowed, the API rate limit lifted, warnings-only logging.</summary>
public sealed class PortalHost : IAsyncDisposable
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(90);
    private const int MaxOutputChars = 64 * 1024;

    private readonly string _name;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly StringBuilder _output = new();
    private Process? _process;
    private StreamWriter? _log;

    private PortalHost(string name, Uri baseAddress, IReadOnlyDictionary<string, string> settings)
    {
        _name = name;
        BaseAddress = baseAddress;
        _settings = settings;
    }

    public string Name => _name;

    public Uri BaseAddress { get; }

    public int ProcessId => _process?.Id ?? 0;

    public bool IsRunning => _process is { HasExited: false };

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>The configuration every bench host gets, before <paramref name="extra"/> (the --set options).</summary>
    public static Dictionary<string, string> Settings(Database database, IReadOnlyDictionary<string, string> extra)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Database:Provider"] = database.Provider == Provider.Postgres ? "Postgres" : "Sqlite",
            ["ConnectionStrings:Portal"] = database.ConnectionString,
            ["Database:MigrateOnStartup"] = "true",
            // The seed's only use here is the demo tenant and its known API key (and the event catalogue).
            ["Seed:Enabled"] = "true",
            ["Delivery:Ssrf:AllowLoopback"] = "true",
            ["Delivery:RequireHttpsForSignedEndpoints"] = "false",
            // The faults scenario fails endpoints on purpose for seconds; they must not be auto-disabled meanwhile.
            ["Delivery:AutoDisableAfterConsecutiveFailures"] = "100000",
            // The crash scenario waits for a killed host's leases to expire; 15 s > the 5 s endpoint timeout used here.
            ["Delivery:LeaseDuration"] = "00:00:15",
            ["Api:RequestsPerMinute"] = "1000000",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in extra)
            settings[key] = value;
        return settings;
    }

    public static async Task<PortalHost> StartAsync(string name, IReadOnlyDictionary<string, string> settings, string? portalDll,
        string? outputFolder = null)
    {
        var host = new PortalHost(name, new Uri($"http://127.0.0.1:{FreeLoopbackPort()}/"), settings);
        if (outputFolder is not null)
        {
            Directory.CreateDirectory(outputFolder);
            host._log = new StreamWriter(Path.Combine(outputFolder, $"{name}.log"), append: false) { AutoFlush = false };
        }

        await host.StartProcessAsync(portalDll);
        return host;
    }

    /// <summary>Starts the process again after a kill, on the same port and database.</summary>
    public Task RestartAsync(string? portalDll) => StartProcessAsync(portalDll);

    private async Task StartProcessAsync(string? portalDll)
    {
        var dll = LocatePortalDll(portalDll);
        var startInfo = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(dll);
        startInfo.ArgumentList.Add("--urls");
        startInfo.ArgumentList.Add(BaseAddress.GetLeftPart(UriPartial.Authority));
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        startInfo.Environment["DOTNET_ENVIRONMENT"] = "Production";
        startInfo.Environment.Remove("ASPNETCORE_URLS");
        startInfo.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        foreach (var (key, value) in _settings)
            startInfo.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitUntilHealthyAsync();
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        var lastProblem = "no answer yet";
        while (deadline.Elapsed < StartupTimeout)
        {
            if (_process!.HasExited)
                throw new InvalidOperationException($"{_name} exited with code {_process.ExitCode} before /health answered.\n{Output}");
            try
            {
                using var response = await http.GetAsync(new Uri("health", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
                lastProblem = $"/health answered {(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                lastProblem = e.Message;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{_name}: /health did not answer 200 within {StartupTimeout.TotalSeconds:0} s ({lastProblem}).\n{Output}");
    }

    /// <summary>SIGKILL: no shutdown hooks, in-flight sends and leases are simply abandoned.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } process)
            return;
        process.Kill(entireProcessTree: false);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is null)
            return;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await Task.Run(() => _process.WaitForExit(TimeSpan.FromSeconds(15)));
        }

        _process.Dispose();
        lock (_output)
        {
            _log?.Dispose();
            _log = null;
        }
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
        {
            _log?.WriteLine(line);
            if (_output.Length > MaxOutputChars)
                _output.Remove(0, _output.Length - MaxOutputChars / 2);
            _output.AppendLine(line);
        }
    }

    /// <summary>Portal/bin/&lt;Configuration&gt;/&lt;tfm&gt;/Portal.dll beside this assembly's output folder
    /// (Portal.Bench/bin/&lt;Configuration&gt;/&lt;tfm&gt;/); --portal-dll or PORTAL_DLL override.</summary>
    public static string LocatePortalDll(string? overridden)
    {
        overridden ??= Environment.GetEnvironmentVariable("PORTAL_DLL");
        if (!string.IsNullOrEmpty(overridden))
            return File.Exists(overridden)
                ? Path.GetFullPath(overridden)
                : throw new FileNotFoundException($"The portal dll is missing: {overridden}");

        var output = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = typeof(PortalHost).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
                            ?? output.Parent!.Name;
        var root = output.Parent?.Parent?.Parent?.Parent
                   ?? throw new InvalidOperationException($"Unexpected output folder {output.FullName}.");
        var dll = Path.Combine(root.FullName, "Portal", "bin", configuration, output.Name, "Portal.dll");
        return File.Exists(dll)
            ? dll
            : throw new FileNotFoundException($"Portal.dll not found at {dll}. Build first (dotnet build Portal.sln -c {configuration}).");
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{_name} (pid {ProcessId}, {BaseAddress})");
}
