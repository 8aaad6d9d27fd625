using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Data.Seeding;

namespace Portal.Hosting;

/// <summary>Tells a new user where the portal is and how to sign in, once the server listens.</summary>
public static class StartupBanner
{
    public static void PrintStartupBanner(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var database = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var seed = app.Services.GetRequiredService<IOptions<SeedOptions>>().Value;
            var seeded = seed.Enabled ?? app.Environment.IsDevelopment();
            var lines = new List<string> { "", "  Portal is running." };
            lines.AddRange(addresses.Select(a => $"  Open {a}"));
            lines.Add($"  Database: {database.Provider}");
            if (seeded)
            {
                lines.Add($"  Tenant user: {seed.DemoEmail} / {seed.Password}");
                lines.Add($"  Admin:       {seed.AdminEmail} / {seed.Password}");
                lines.Add($"  Demo API key (X-API-Key): {seed.DemoApiKey}");
                lines.Add($"  Platform API key (X-API-Key; tenants, publish for any tenant, portal links): {seed.PlatformApiKey}");
            }
            lines.Add("");
            Console.WriteLine(string.Join(Environment.NewLine, lines));
        });
    }
}
