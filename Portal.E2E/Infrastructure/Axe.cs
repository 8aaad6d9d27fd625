using System.Text.Json;

namespace Portal.E2E.Infrastructure;

/// <summary>axe-core (npm, Portal.E2E/Axe, installed by <c>npm ci</c> in .ci/test) run inside the page: WCAG 2 A and
/// AA rules; what it finds at serious or critical impact, one line per rule with a few of its nodes.</summary>
public static class Axe
{
    private static readonly Lazy<string> Script = new(() => File.ReadAllText(Locate()));

    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = Script.Value });
        var json = await page.EvaluateAsync<string>("""
            async () => {
              const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
              return JSON.stringify(result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({ id: v.id, impact: v.impact, count: v.nodes.length,
                             nodes: v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').split('\n').slice(1, 2).join('')) })));
            }
            """);
        using var doc = JsonDocument.Parse(json);
        return [.. doc.RootElement.EnumerateArray().Select(v =>
            $"{v.GetProperty("id").GetString()} ({v.GetProperty("impact").GetString()}, {v.GetProperty("count").GetInt32()} nodes): " +
            string.Join(" | ", v.GetProperty("nodes").EnumerateArray().Select(n => n.GetString())))];
    }

    /// <summary>Portal.E2E/Axe/node_modules/axe-core/axe.min.js, found upwards from the test output; AXE_CORE_JS overrides.</summary>
    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("AXE_CORE_JS") is { Length: > 0 } configured)
            return configured;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Portal.E2E", "Axe", "node_modules", "axe-core", "axe.min.js");
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException(
            "axe-core not found: run `npm ci --prefix Portal.E2E/Axe` (bash .ci/test does), or set AXE_CORE_JS.");
    }
}
