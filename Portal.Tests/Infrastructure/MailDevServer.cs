using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Portal.Tests.Infrastructure;

/// <summary>An e-mail as MailDev received it.</summary>
public sealed record ReceivedEmail(IReadOnlyList<string> To, string Subject, string Text);

/// <summary>A real SMTP server for tests: MailDev (npm, Portal.Tests/Smtp) started as a node process on free
/// loopback ports, read back through its REST API. Missing node_modules fail the test with the install command;
/// nothing is skipped.</summary>
public sealed class MailDevServer : IAsyncDisposable
{
    public const string InstallCommand = "npm ci --prefix Portal.Tests/Smtp --no-audit --no-fund";
    private const int MaxStartAttempts = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StringBuilder _output;
    private readonly string _mailDirectory;
    private readonly HttpClient _api;

    private MailDevServer(Process process, StringBuilder output, string mailDirectory, int smtpPort, int webPort)
    {
        _process = process;
        _output = output;
        _mailDirectory = mailDirectory;
        SmtpPort = smtpPort;
        WebPort = webPort;
        _api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public int SmtpPort { get; }
    public int WebPort { get; }

    /// <summary>What the process printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public static async Task<MailDevServer> StartAsync()
    {
        var script = MailDevScript();
        var failures = new List<string>();
        for (var attempt = 1; attempt <= MaxStartAttempts; attempt++)
        {
            // Free ports can be taken between choosing and binding them: try again with new ones (bounded).
            var server = Launch(script, FreePort(), FreePort());
            if (await server.WaitUntilHealthyAsync())
                return server;
            failures.Add($"attempt {attempt} (smtp {server.SmtpPort}, web {server.WebPort}):\n{server.Output}");
            await server.DisposeAsync();
        }

        throw new InvalidOperationException(
            $"MailDev did not become healthy within {StartTimeout.TotalSeconds:0} s:\n{string.Join("\n", failures)}");
    }

    /// <summary>Every e-mail received so far (GET /api/email).</summary>
    public async Task<IReadOnlyList<ReceivedEmail>> GetEmailsAsync()
    {
        using var document = JsonDocument.Parse(await _api.GetStringAsync("api/email"));
        return document.RootElement.EnumerateArray().Select(e => new ReceivedEmail(
                e.TryGetProperty("to", out var to) ? to.EnumerateArray().Select(a => a.GetProperty("address").GetString() ?? "").ToList() : [],
                e.TryGetProperty("subject", out var subject) ? subject.GetString() ?? "" : "",
                e.TryGetProperty("text", out var text) ? text.GetString() ?? "" : ""))
            .ToList();
    }

    /// <summary>Polls until at least <paramref name="count"/> received e-mails match (bounded by <paramref name="timeout"/>).</summary>
    public async Task<IReadOnlyList<ReceivedEmail>> WaitForEmailsAsync(Func<ReceivedEmail, bool> match, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        List<ReceivedEmail> matching = [];
        while (DateTime.UtcNow < deadline)
        {
            matching = (await GetEmailsAsync()).Where(match).ToList();
            if (matching.Count >= count)
                return matching;
            await Task.Delay(100);
        }

        throw new TimeoutException($"Expected {count} matching e-mail(s) at MailDev, got {matching.Count} within {timeout.TotalSeconds:0} s.");
    }

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(timeout.Token);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or OperationCanceledException)
        {
            // Already gone, or it would not die in time: nothing more a test can do about it.
        }

        _process.Dispose();
        if (Directory.Exists(_mailDirectory))
            Directory.Delete(_mailDirectory, recursive: true);
    }

    private static MailDevServer Launch(string script, int smtpPort, int webPort)
    {
        var mailDirectory = Directory.CreateTempSubdirectory("portal-maildev-").FullName;
        var start = new ProcessStartInfo("node")
        {
            // An empty working directory: MailDev looks for configuration files in it and its parents.
            WorkingDirectory = mailDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            script,
            "--smtp", smtpPort.ToString(CultureInfo.InvariantCulture), "--ip", "127.0.0.1",
            "--web", webPort.ToString(CultureInfo.InvariantCulture), "--web-ip", "127.0.0.1",
            // Its own folder: without one, every MailDev writes to the same $TMPDIR/maildev.
            "--mail-directory", Path.Combine(mailDirectory, "mail"),
        ];
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        var output = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            Directory.Delete(mailDirectory, recursive: true);
            throw new InvalidOperationException(
                $"Cannot start 'node' ({e.Message}). The e-mail tests need Node.js: apt-get install -y nodejs npm, then {InstallCommand}", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new MailDevServer(process, output, mailDirectory, smtpPort, webPort);
    }

    private async Task<bool> WaitUntilHealthyAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var response = await _api.GetAsync("api/healthz");
                if (response.StatusCode == HttpStatusCode.OK)
                    return true;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        return false;
    }

    /// <summary>The MailDev entry script, from its package.json "bin" (the path moved between major versions).</summary>
    private static string MailDevScript()
    {
        var smtpFolder = Path.Combine(RepositoryRoot(), "Portal.Tests", "Smtp");
        var package = Path.Combine(smtpFolder, "node_modules", "maildev", "package.json");
        if (!File.Exists(package))
            throw new InvalidOperationException(
                $"MailDev is not installed ({package} is missing). From the repository root run:\n  {InstallCommand}");

        using var document = JsonDocument.Parse(File.ReadAllText(package));
        var bin = document.RootElement.GetProperty("bin");
        var relative = bin.ValueKind == JsonValueKind.String ? bin.GetString() : bin.GetProperty("maildev").GetString();
        return Path.GetFullPath(Path.Combine(Path.GetDirectoryName(package)!, relative!));
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Portal.Tests", "Smtp", "package.json")))
                return folder.FullName;
        }

        throw new InvalidOperationException($"No Portal.Tests/Smtp/package.json above {AppContext.BaseDirectory}.");
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
            return;
        lock (output)
        {
            if (output.Length < 64 * 1024)
                output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
