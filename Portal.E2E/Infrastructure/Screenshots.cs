namespace Portal.E2E.Infrastructure;

/// <summary>Numbered full-page screenshots per scenario, in PORTAL_SCREENSHOTS or the test output's screenshots/ folder
/// (never committed: .gitignore excludes screenshots/ and *.png).</summary>
public sealed class Screenshots(string scenario)
{
    private int _step;

    public static string Folder { get; } = Path.GetFullPath(
        Environment.GetEnvironmentVariable("PORTAL_SCREENSHOTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "screenshots"));

    public async Task SaveAsync(IPage page, string step)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, $"{scenario}-{++_step:00}-{step}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
    }
}
