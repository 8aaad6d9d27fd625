using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace Portal.E2E.Infrastructure;

/// <summary>The real portal, started from its build output as a separate process (as a user runs it), on a free
/// loopback port, in Development, against a fresh SQLite file that the host migrates and seeds at start-up.</summary>
public sealed class PortalServer : IAsyncDisposable
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly string _databasePath;
    private readonly StringBuilder _output = new();

    private PortalServer(Process process, Uri baseAddress, string databasePath)
    {
        _process = process;
        BaseAddress = baseAddress;
        _databasePath = databasePath;
    }

    public Uri BaseAddress { get; }

    /// <summary>Everything the portal wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public static async Task<PortalServer> StartAsync()
    {
        var portalDll = LocatePortalDll();
        var port = FreeLoopbackPort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var databasePath = Path.Combine(Path.GetTempPath(), $"portal-e2e-{Guid.NewGuid():N}.db");

        var startInfo = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = Path.GetDirectoryName(portalDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(portalDll);
        startInfo.ArgumentList.Add("--urls");
        startInfo.ArgumentList.Add(baseAddress.GetLeftPart(UriPartial.Authority));
        // Development: static web assets are served from the build output, and the database is migrated and seeded.
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        startInfo.Environment["DOTNET_ENVIRONMENT"] = "Development";
        startInfo.Environment["Database__Provider"] = "Sqlite";
        startInfo.Environment["ConnectionStrings__Portal"] = $"Data Source={databasePath}";
        startInfo.Environment.Remove("ASPNETCORE_URLS");
        startInfo.Environment.Remove("ASPNETCORE_HTTP_PORTS");

        var process = new Process { StartInfo = startInfo };
        var server = new PortalServer(process, baseAddress, databasePath);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var healthy = false;
        try
        {
            await server.WaitUntilHealthyAsync();
            healthy = true;
            return server;
        }
        finally
        {
            if (!healthy)
                await server.DisposeAsync();
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        string lastProblem = "no answer yet";
        while (deadline.Elapsed < StartupTimeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException(
                    $"The portal exited with code {_process.ExitCode} before /health answered.\n--- portal output ---\n{Output}");
            try
            {
                using var response = await http.GetAsync(new Uri("health", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
                lastProblem = $"/health answered {(int)response.StatusCode}";
            }
            catch (HttpRequestException e)
            {
                lastProblem = e.Message;
            }
            catch (TaskCanceledException e)
            {
                lastProblem = e.Message;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException(
            $"GET {BaseAddress}health did not answer 200 within {StartupTimeout.TotalSeconds:0} s (last: {lastProblem})." +
            $"\n--- portal output ---\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await Task.Run(() => _process.WaitForExit(TimeSpan.FromSeconds(15)));
        }

        _process.Dispose();
        foreach (var suffix in new[] { "", "-shm", "-wal", "-journal" })
            File.Delete(_databasePath + suffix);
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    /// <summary>Portal/bin/&lt;Configuration&gt;/&lt;tfm&gt;/Portal.dll, found from this assembly's own output folder
    /// (Portal.E2E/bin/&lt;Configuration&gt;/&lt;tfm&gt;/); the project reference has built it. PORTAL_DLL overrides.</summary>
    private static string LocatePortalDll()
    {
        var overridden = Environment.GetEnvironmentVariable("PORTAL_DLL");
        if (!string.IsNullOrEmpty(overridden))
            return File.Exists(overridden)
                ? Path.GetFullPath(overridden)
                : throw new FileNotFoundException($"PORTAL_DLL points to a missing file: {overridden}");

        var output = new DirectoryInfo(AppContext.BaseDirectory);
        var targetFramework = output.Name;
        var configuration = typeof(PortalServer).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
            ?? output.Parent!.Name;
        var repositoryRoot = output.Parent?.Parent?.Parent?.Parent
            ?? throw new InvalidOperationException($"Unexpected test output folder {output.FullName}.");
        var portalDll = Path.Combine(repositoryRoot.FullName, "Portal", "bin", configuration, targetFramework, "Portal.dll");
        return File.Exists(portalDll)
            ? portalDll
            : throw new FileNotFoundException(
                $"Portal.dll not found at {portalDll}. Build the solution first (dotnet build Portal.sln -c {configuration}).");
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
