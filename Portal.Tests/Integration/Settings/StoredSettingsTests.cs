using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Settings;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Settings;

/// <summary>Settings saved on one host reach options readers there at once and on other hosts at their next refresh.</summary>
public abstract class StoredSettingsTests(PortalAppFactory host)
{
    private sealed record Sample(string Colour, int Size);

    private sealed class SampleOptions
    {
        public string Colour { get; set; } = "grey";
    }

    [Fact]
    public async Task A_saved_document_is_applied_here_at_once_and_elsewhere_on_refresh()
    {
        var name = $"test-{Guid.NewGuid():N}";
        var here = host.Services.GetRequiredService<StoredSettings>();
        var elsewhere = new StoredSettings(TimeProvider.System, NullLogger<StoredSettings>.Instance);
        var changed = here.GetChangeToken(name);
        Assert.Null(here.Get<Sample>(name));

        await using (var scope = host.CreateScope())
            await here.SaveAsync(scope.Get<PortalDbContext>(), name, new Sample("blue", 3), CancellationToken.None);

        Assert.True(changed.HasChanged);
        Assert.Equal(new Sample("blue", 3), here.Get<Sample>(name));
        Assert.Null(elsewhere.Get<Sample>(name));

        var seenElsewhere = elsewhere.GetChangeToken(name);
        await using (var scope = host.CreateScope())
            await elsewhere.RefreshAsync(scope.Get<PortalDbContext>(), CancellationToken.None);
        Assert.True(seenElsewhere.HasChanged);
        Assert.Equal(new Sample("blue", 3), elsewhere.Get<Sample>(name));

        // Saving the same document again is not a change.
        var unchanged = here.GetChangeToken(name);
        await using (var scope = host.CreateScope())
            await here.SaveAsync(scope.Get<PortalDbContext>(), name, new Sample("blue", 3), CancellationToken.None);
        Assert.False(unchanged.HasChanged);
    }

    [Fact]
    public async Task Options_monitor_follows_the_stored_document()
    {
        var name = $"test-{Guid.NewGuid():N}";
        var services = new ServiceCollection();
        var store = host.Services.GetRequiredService<StoredSettings>();
        services.AddSingleton(store);
        services.AddOptions<SampleOptions>();
        services.AddStoredSettings<SampleOptions, Sample>(name, (options, stored, _) => options.Colour = stored.Colour);
        await using var provider = services.BuildServiceProvider();
        var monitor = provider.GetRequiredService<IOptionsMonitor<SampleOptions>>();
        Assert.Equal("grey", monitor.CurrentValue.Colour);

        await using (var scope = host.CreateScope())
            await store.SaveAsync(scope.Get<PortalDbContext>(), name, new Sample("green", 1), CancellationToken.None);

        Assert.Equal("green", monitor.CurrentValue.Colour);
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteStoredSettingsTests(SqliteHost host) : StoredSettingsTests(host.Factory);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresStoredSettingsTests(PostgresHost host) : StoredSettingsTests(host.Factory);
