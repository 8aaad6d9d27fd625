using System.Collections.Concurrent;
using System.Globalization;
using Portal.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Cluster;

/// <summary>Hosts on ONE fresh PostgreSQL database, each observed (webhook requests tagged with its name, its
/// maintenance scheduler's executions recorded). The first host owns the database; the others share it.</summary>
public abstract class PostgresCluster(int size) : IAsyncLifetime
{
    public const int PollSeconds = 1;

    private readonly List<PortalAppFactory> _hosts = [];

    public IReadOnlyList<PortalAppFactory> Hosts => _hosts;

    public ConcurrentBag<JobExecution> Executions { get; } = new();

    /// <summary>When the last host had started: from here on every host takes part.</summary>
    public DateTimeOffset AllStartedAt { get; private set; }

    public static string HostName(int index) => ((char)('A' + index)).ToString();

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Smtp:PollIntervalSeconds"] = PollSeconds.ToString(CultureInfo.InvariantCulture),
            ["Delivery:IdlePollInterval"] = "00:00:00.200",
        };
        var owner = await PortalAppFactory.CreateAsync(DatabaseProvider.Postgres, settings,
            ClusterObservation.Observe(HostName(0), Executions));
        _hosts.Add(owner);
        owner.StartServer();
        for (var i = 1; i < size; i++)
        {
            var host = new PortalAppFactory(owner.Database, ownsDatabase: false, settings,
                ClusterObservation.Observe(HostName(i), Executions));
            _hosts.Add(host);
            host.StartServer();
        }

        AllStartedAt = DateTimeOffset.UtcNow;
    }

    public async Task DisposeAsync()
    {
        // The owner last: it drops the database the others still use.
        for (var i = _hosts.Count - 1; i >= 0; i--)
            await _hosts[i].DisposeAsync();
    }
}

public sealed class TwoPostgresHosts() : PostgresCluster(2);

public sealed class OnePostgresHost() : PostgresCluster(1);
