using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Deliveries;
using Portal.Domain.Events;
using Portal.Tests.Infrastructure;
using Portal.Tests.Integration.Dispatch;
using Xunit.Abstractions;

namespace Portal.Tests.Integration.Subscriptions;

/// <summary>A host of its own on SQLite, in a collection that runs alone: the memory it measures is this test's.
/// (The test server's response pipe pauses the writer at 64 KB unread, as a socket would.)</summary>
public sealed class LogExportHost : IAsyncLifetime
{
    public PortalAppFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Factory = await PortalAppFactory.CreateAsync(DatabaseProvider.Sqlite);
        Factory.StartServer();
    }

    public async Task DisposeAsync()
    {
        if (Factory is not null)
            await Factory.DisposeAsync();
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LogExportCollection : ICollectionFixture<LogExportHost>
{
    public const string Name = "Subscription log export (alone)";
}

/// <summary>The subscription log download (<c>GET /subscriptions/{id}/log</c>): every attempt, streamed, in a time
/// range; bad parameters are a ProblemDetails 400.</summary>
[Collection(LogExportCollection.Name)]
public sealed class SubscriptionLogExportTests(LogExportHost fixture, ITestOutputHelper output)
{
    private const int Events = 1_000;
    private const int AttemptsPerDelivery = 100;
    private const int Total = Events * AttemptsPerDelivery;

    /// <summary>Live managed memory (after a full collection) may grow by at most this while the whole log is read:
    /// the 100,000 lines alone are ≈ 13 MB of UTF-8 (≈ 26 MB as .NET strings), so a log built in memory before it is
    /// sent could not stay under it.</summary>
    private const long MaxLiveGrowthBytes = 8 * 1024 * 1024;

    private PortalAppFactory Host => fixture.Factory;

    [Fact]
    public async Task A_100k_attempt_log_streams_every_line_with_flat_memory_and_the_time_range_selects_exactly()
    {
        var tenant = await Host.RegisterAsync("Log");
        var subscription = await Host.AddSubscriptionAsync(tenant.Id, "https://hooks.example.test/log",
            (s, _) => s.Pause(DateTimeOffset.UtcNow)); // nothing to send: its deliveries only hold attempts
        var origin = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - Total - 3600);
        await InsertAttemptsAsync(tenant.Id, subscription.Id, origin);

        using var client = Host.CreateNonRedirectingClient();
        await SignIn.AsAsync(client, tenant.Owner.Email!, TestTenant.Password);
        var url = $"/subscriptions/{subscription.Id}/log";

        // The whole log, oldest first, read line by line as it arrives.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = baseline;
        var count = 0;
        string? first = null, last = null;
        using (var response = await client.GetAsync(url + "?order=oldest", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            Assert.EndsWith(".log", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
            Assert.Null(response.Content.Headers.ContentLength); // streamed: the length is not known in advance
            await using var stream = await response.Content.ReadAsStreamAsync();
            using var reader = new StreamReader(stream);
            while (await reader.ReadLineAsync() is { } line)
            {
                first ??= line;
                last = line;
                if (++count % 5_000 == 0)
                    peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
            }
        }

        var growth = peak - baseline;
        output.WriteLine($"{count:N0} lines; live managed heap {baseline / 1_048_576.0:F1} MB before, peak {peak / 1_048_576.0:F1} MB while reading (+{growth / 1_048_576.0:F1} MB)");
        Assert.Equal(Total, count);
        Assert.StartsWith($"{origin.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss}.000Z invoice.status event=", first);
        Assert.Contains(" attempt=0 status=200 duration=", first, StringComparison.Ordinal);
        Assert.StartsWith($"{origin.AddSeconds(Total - 1).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss}.000Z ", last);
        Assert.True(growth < MaxLiveGrowthBytes, $"Live managed memory grew by {growth:N0} bytes while the log was read.");

        // A range: [from, to) of attempts one second apart, newest first by default.
        var from = origin.AddSeconds(10_000);
        var to = origin.AddSeconds(30_000);
        var ranged = await client.GetStringAsync($"{url}?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}");
        var lines = ranged.TrimEnd('\n').Split('\n');
        Assert.Equal(20_000, lines.Length);
        Assert.StartsWith($"{to.AddSeconds(-1).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss}.000Z ", lines[0]);
        Assert.StartsWith($"{from.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss}.000Z ", lines[^1]);

        // Only the start: the rest of the log; a date without offset is UTC.
        var tail = await client.GetStringAsync($"{url}?from={origin.AddSeconds(Total - 5).UtcDateTime:yyyy-MM-ddTHH:mm:ss}");
        Assert.Equal(5, tail.TrimEnd('\n').Split('\n').Length);
    }

    [Theory]
    [InlineData("from=yesterday", "'from' must be an ISO 8601 date-time")]
    [InlineData("to=2026-13-45T99:00:00Z", "'to' must be an ISO 8601 date-time")]
    [InlineData("from=2026-12-03T11:00:00Z&to=2026-12-03T10:00:00Z", "'to' must be later than 'from'")]
    [InlineData("order=sideways", "'order' must be 'newest' or 'oldest'")]
    public async Task Bad_parameters_answer_a_problem_not_a_500(string query, string message)
    {
        var tenant = await Host.RegisterAsync("LogBad");
        var subscription = await Host.AddSubscriptionAsync(tenant.Id, "https://hooks.example.test/log");
        using var client = Host.CreateNonRedirectingClient();
        await SignIn.AsAsync(client, tenant.Owner.Email!, TestTenant.Password);

        using var response = await client.GetAsync($"/subscriptions/{subscription.Id}/log?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains(message, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_tenants_subscription_log_is_not_found_and_signed_out_users_are_sent_to_sign_in()
    {
        var owner = await Host.RegisterAsync("LogOwner");
        var subscription = await Host.AddSubscriptionAsync(owner.Id, "https://hooks.example.test/log");
        var stranger = await Host.RegisterAsync("LogStranger");
        using var client = Host.CreateNonRedirectingClient();
        await SignIn.AsAsync(client, stranger.Owner.Email!, TestTenant.Password);

        using var response = await client.GetAsync($"/subscriptions/{subscription.Id}/log");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);

        using var anonymous = Host.CreateNonRedirectingClient();
        using var challenged = await anonymous.GetAsync($"/subscriptions/{subscription.Id}/log");
        Assert.Equal(HttpStatusCode.Redirect, challenged.StatusCode);
        Assert.Contains("/Account/Login", challenged.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    /// <summary>1,000 events with one delivery each and 100 attempts per delivery, one second apart, written with the
    /// engine's own bulk writer in one transaction.</summary>
    private async Task InsertAttemptsAsync(Guid tenantId, Guid subscriptionId, DateTimeOffset origin)
    {
        await using var scope = Host.CreateScope();
        var db = scope.Get<PortalDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        for (var batch = 0; batch < Events; batch += 100)
        {
            var events = new List<Event>();
            var deliveries = new List<Delivery>();
            var attempts = new List<Attempt>();
            for (var e = batch; e < batch + 100; e++)
            {
                var @event = new Event(tenantId, "invoice.status", """{"invoiceId":"INV-1"}""", origin);
                var delivery = new Delivery(tenantId, @event.Id, subscriptionId, origin);
                events.Add(@event);
                deliveries.Add(delivery);
                for (var n = 0; n < AttemptsPerDelivery; n++)
                {
                    // Attempt k of the log starts k seconds after the origin (k = n × events + e).
                    var attempt = new Attempt(delivery, n, AttemptTrigger.Automatic, null,
                        origin.AddSeconds((long)n * Events + e), "https://hooks.example.test/log", "{}", "{}");
                    attempt.RecordResponse(200, null, "ok", 12);
                    attempts.Add(attempt);
                }
            }
            await RowWriter.InsertAsync(db, events, CancellationToken.None);
            await RowWriter.InsertAsync(db, deliveries, CancellationToken.None);
            await RowWriter.InsertAsync(db, attempts, CancellationToken.None);
        }
        await transaction.CommitAsync();
        Assert.Equal(Total, await db.Attempts.IgnoreQueryFilters().CountAsync(a => a.TenantId == tenantId));
    }
}
