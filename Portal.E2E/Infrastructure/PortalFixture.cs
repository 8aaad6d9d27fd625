namespace Portal.E2E.Infrastructure;

/// <summary>One portal process and one headless Chromium for the whole test run; each test gets its own browser
/// context (cookies, storage) through <see cref="NewSessionAsync"/>.</summary>
public sealed class PortalFixture : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private PortalServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public PortalServer Server => _server ?? throw new InvalidOperationException("The fixture is not initialised.");

    public async Task InitializeAsync()
    {
        // Check the browser first: a missing Chromium is a setup error and must fail loudly, never skip.
        var executable = ChromiumExecutable();
        _server = await PortalServer.StartAsync();
        _playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ChromiumArgs,
        });
        Assertions.SetDefaultExpectTimeout(15_000);
    }

    /// <summary>The iPhone-sized viewport of the phone checks (390 × 844 CSS pixels).</summary>
    public static ViewportSize Phone { get; } = new() { Width = 390, Height = 844 };

    public async Task<BrowserSession> NewSessionAsync(string scenario, ViewportSize? viewport = null)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.BaseAddress.ToString(),
            ViewportSize = viewport ?? new ViewportSize { Width = 1366, Height = 900 },
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        return new BrowserSession(context, page, new Screenshots(scenario));
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
            // Beside the screenshots, for reading a failed run's server side.
            Directory.CreateDirectory(Screenshots.Folder);
            await File.WriteAllTextAsync(Path.Combine(Screenshots.Folder, "portal-output.log"), _server.Output);
        }
    }

    /// <summary>Debian's Chromium by default; PLAYWRIGHT_CHROMIUM_EXECUTABLE points elsewhere (e.g. Playwright's own build).</summary>
    private static string ChromiumExecutable()
    {
        var path = Environment.GetEnvironmentVariable("PLAYWRIGHT_CHROMIUM_EXECUTABLE") is { Length: > 0 } configured
            ? configured
            : "/usr/bin/chromium";
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException(
                $"Chromium not found at {path}. Install it with `apt-get install -y chromium` (or run `bash .ci/test`, " +
                "which installs it), or set PLAYWRIGHT_CHROMIUM_EXECUTABLE to a Chromium executable.", path);
    }
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalFixture>
{
    public const string Name = "Portal";
}
