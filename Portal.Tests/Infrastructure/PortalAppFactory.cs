using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;

namespace Portal.Tests.Infrastructure;

/// <summary>The real Portal host (Program.cs) in Development — migrations and seed run at start-up — on a real
/// database. In-memory TestServer by default; <see cref="WithLoopbackSocket"/> serves on a real Kestrel socket.</summary>
public sealed class PortalAppFactory : WebApplicationFactory<Program>
{
    private readonly bool _ownsDatabase;
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private int _disposed;

    /// <param name="database">The database the host uses.</param>
    /// <param name="ownsDatabase">Drop/delete the database when this factory is disposed.</param>
    /// <param name="settings">Extra configuration (highest precedence), e.g. <c>["Seed:Enabled"] = "false"</c>.</param>
    /// <param name="services">Extra registrations applied after the host's own (e.g. a Quartz listener that
    /// observes the host).</param>
    public PortalAppFactory(TestDatabase database, bool ownsDatabase = false, IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        _services = services;
        Database = database;
        _ownsDatabase = ownsDatabase;
        _settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = database.Provider.ToString(),
            ["ConnectionStrings:Portal"] = database.ConnectionString,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
            // A fresh database has no migrations history yet; EF logs that first probe as a failed command.
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "None",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            _settings[key] = value;
    }

    public TestDatabase Database { get; }

    public DatabaseProvider Provider => Database.Provider;

    /// <summary>A host on a fresh database of <paramref name="provider"/>, deleted with the factory.</summary>
    public static async Task<PortalAppFactory> CreateAsync(DatabaseProvider provider, IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null) =>
        new(await TestDatabase.CreateAsync(provider), ownsDatabase: true, settings, services);

    /// <summary>Serve over Kestrel on 127.0.0.1 with a free port (for receivers, browsers, anything that needs a real
    /// socket). Call before the host starts; then <see cref="ServerAddress"/> is the base URL and
    /// <c>CreateClient()</c> talks to it over the network.</summary>
    public PortalAppFactory WithLoopbackSocket()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        return this;
    }

    /// <summary>The address Kestrel listens on (only with <see cref="WithLoopbackSocket"/>). Starts the host.</summary>
    public Uri ServerAddress
    {
        get
        {
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            return addresses?.FirstOrDefault() is { } address
                ? new Uri(address)
                : throw new InvalidOperationException("The host has no socket address; call WithLoopbackSocket() before it starts.");
        }
    }

    /// <summary>A client that shows redirects instead of following them, with its own cookie jar.</summary>
    public HttpClient CreateNonRedirectingClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        // UseSetting feeds the host configuration that Program.cs reads while building; this source, added last,
        // also wins over appsettings.Development.json (whose connection string names the developer's portal.db).
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(_settings));
        if (_services is not null)
            builder.ConfigureTestServices(_services);
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        await base.DisposeAsync();
        if (_ownsDatabase)
            await Database.DisposeAsync();
    }
}
