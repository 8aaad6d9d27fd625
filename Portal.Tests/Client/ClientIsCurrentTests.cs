using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Client;

/// <summary>Portal.Client is generated (Kiota) from Portal.Client/openapi.json, which must be the document the host
/// serves: this test fails when either is stale. With PORTAL_REGENERATE_CLIENT=1 it regenerates both instead
/// (that is what <c>bash Portal.Client/regenerate.sh</c> runs).</summary>
[Collection(SqliteHostCollection.Name)]
public sealed class ClientIsCurrentTests(SqliteHost fixture)
{
    private const string Regenerate = "bash Portal.Client/regenerate.sh";

    [Fact]
    public async Task The_committed_client_is_generated_from_the_served_document()
    {
        var folder = Path.Combine(RepositoryFiles.Root(), "Portal.Client");
        var committedDocument = Path.Combine(folder, "openapi.json");
        var served = await ServedDocumentAsync();

        if (Environment.GetEnvironmentVariable("PORTAL_REGENERATE_CLIENT") == "1")
        {
            await File.WriteAllTextAsync(committedDocument, served.ToJsonString(new JsonSerializerOptions
            {
                WriteIndented = true,
                Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            }) + "\n");
            await GenerateAsync(committedDocument, Path.Combine(folder, "Generated"));
            return;
        }

        Assert.True(JsonNode.DeepEquals(served, JsonNode.Parse(await File.ReadAllTextAsync(committedDocument))),
            $"Portal.Client/openapi.json differs from the served /openapi/v1.json. Run: {Regenerate}");
        var output = Directory.CreateTempSubdirectory("portal-client-").FullName;
        await GenerateAsync(committedDocument, output);
        var expected = Sources(output);
        var committed = Sources(Path.Combine(folder, "Generated"));
        Assert.True(expected.Keys.Order().SequenceEqual(committed.Keys.Order()),
            $"Generated files differ: missing {string.Join(", ", expected.Keys.Except(committed.Keys))}; extra {string.Join(", ", committed.Keys.Except(expected.Keys))}. Run: {Regenerate}");
        var stale = expected.Where(file => file.Value != committed[file.Key]).Select(file => file.Key).ToList();
        Assert.True(stale.Count == 0, $"Stale generated files: {string.Join(", ", stale)}. Run: {Regenerate}");
        Directory.Delete(output, recursive: true);
    }

    /// <summary>The served document without its servers (they name the host that served it).</summary>
    private async Task<JsonNode> ServedDocumentAsync()
    {
        using var client = fixture.Factory.CreateClient();
        var document = JsonNode.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!;
        document.AsObject().Remove("servers");
        return document;
    }

    private static Dictionary<string, string> Sources(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), f => File.ReadAllText(f).ReplaceLineEndings("\n"));

    private static async Task GenerateAsync(string document, string output)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryFiles.Root(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["tool", "run", "kiota", "generate", "--language", "CSharp", "--openapi", document,
                     "--output", output, "--class-name", "PortalApiClient", "--namespace-name", "Portal.Client.Generated",
                     "--exclude-backward-compatible", "--clean-output", "--log-level", "Warning"])
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0,
            $"kiota failed ({process.ExitCode}; run dotnet tool restore first):\n{await stdout}\n{await stderr}");
        File.Delete(Path.Combine(output, ".kiota.log"));
    }
}
