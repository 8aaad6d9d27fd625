using System.Diagnostics;
using System.Text.Json;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

/// <summary>Spectral (npm @stoplight/spectral-cli, Portal.Tests/OpenApi) lints the served document with the
/// spectral:oas ruleset: generated clients need what it asks for (operationIds, descriptions, valid examples).</summary>
[Collection(SqliteHostCollection.Name)]
public sealed class OpenApiLintTests(SqliteHost fixture)
{
    public const string InstallCommand = "npm ci --prefix Portal.Tests/OpenApi --no-audit --no-fund";

    [Fact]
    public async Task Spectral_oas_finds_no_error_and_no_warning()
    {
        using var client = fixture.Factory.CreateClient();
        var document = await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        var folder = Path.Combine(RepositoryFiles.Root(), "Portal.Tests", "OpenApi");
        var cli = Path.Combine(folder, "node_modules", "@stoplight", "spectral-cli", "dist", "index.js");
        Assert.True(File.Exists(cli), $"Spectral is not installed ({cli} is missing). From the repository root run:\n  {InstallCommand}");
        var file = Path.Combine(Directory.CreateTempSubdirectory("portal-openapi-").FullName, "v1.json");
        await File.WriteAllTextAsync(file, document);

        var (exit, output) = await RunAsync("node", cli, "lint", file, "--ruleset", Path.Combine(folder, ".spectral.yaml"),
            "--format", "json", "--output", file + ".lint.json", "--fail-severity", "hint");

        Assert.True(File.Exists(file + ".lint.json"), $"Spectral wrote no result (exit {exit}):\n{output}");
        var findings = JsonDocument.Parse(await File.ReadAllTextAsync(file + ".lint.json")).RootElement.EnumerateArray()
            .Select(f => $"{f.GetProperty("code").GetString()} at {string.Join('.', f.GetProperty("path").EnumerateArray())}: {f.GetProperty("message").GetString()}")
            .ToList();
        Assert.True(findings.Count == 0, string.Join('\n', findings));
        Assert.True(exit == 0, $"Spectral exited with {exit}:\n{output}");
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }

    private static async Task<(int Exit, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
