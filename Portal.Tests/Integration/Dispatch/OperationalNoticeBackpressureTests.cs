using Npgsql;
using Portal.Domain.Deliveries;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Dispatch;

/// <summary>Operational notices never hold up recording: the recorder only queues them. Shown on PostgreSQL, where a
/// test can make publishing a notice wait on a row lock for as long as it likes; before the queue, the recorder
/// published a batch's notices itself, so a flood of them (a dead endpoint exhausting hundreds of deliveries) delayed
/// every other subscription's results, retries and ordered deliveries behind it.</summary>
[Collection(PostgresHostCollection.Name)]
public sealed class OperationalNoticeBackpressureTests(PostgresHost fixture)
{
    [Fact]
    public async Task Results_are_recorded_while_the_notices_they_raise_cannot_be_published()
    {
        var host = fixture.Factory;
        var tenant = await host.RegisterAsync("Notices");
        await using var operations = await WebhookReceiver.StartAsync();
        var watcher = await host.AddSubscriptionAsync(tenant.Id, operations.Url("/ops"), null,
            "endpoint.failing", "endpoint.recovered");
        await using var endpoint = await WebhookReceiver.StartWithStatusesAsync(500, 200);
        await host.AddSubscriptionAsync(tenant.Id, endpoint.Url(), (s, _) => s.RetryAfterSeconds("1"));

        // Publishing a notice for this tenant queues a delivery to the watcher, which takes its row's lock: held here,
        // every such publication waits.
        await using var blocker = new NpgsqlConnection(host.Database.ConnectionString);
        await blocker.OpenAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("""SELECT 1 FROM "Subscriptions" WHERE "Id" = @id FOR UPDATE""", blocker, transaction))
        {
            lockRow.Parameters.AddWithValue("id", watcher.Id);
            await lockRow.ExecuteScalarAsync();
        }

        var published = await host.PublishAsync(tenant.Id);

        // The 500 raises endpoint.failing, whose publication is stuck; the retry is still sent and its 200 recorded.
        var delivery = await host.WaitForDeliveryAsync(published.EventId, d => d.Status == DeliveryStatus.Succeeded,
            TimeSpan.FromSeconds(15));
        Assert.Equal(2, delivery.AttemptCount);
        Assert.Empty(operations.Received);

        // Released, the notices go out.
        await transaction.RollbackAsync();
        var notices = await operations.WaitForAsync(2, TimeSpan.FromSeconds(30));
        Assert.Contains(notices, r => r.Body.Contains("\"endpoint.failing\"", StringComparison.Ordinal));
        Assert.Contains(notices, r => r.Body.Contains("\"endpoint.recovered\"", StringComparison.Ordinal));
    }
}
