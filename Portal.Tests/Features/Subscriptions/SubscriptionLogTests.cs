using Portal.Domain.Deliveries;
using Portal.Features.Subscriptions;

namespace Portal.Tests.Features.Subscriptions;

public sealed class SubscriptionLogTests
{
    [Fact]
    public async Task Log_has_one_line_per_attempt_newest_first_with_event_attempt_outcome_and_duration()
    {
        await using var database = await FeatureTestDatabase.CreateAsync();
        Guid subscriptionId;
        await using (var db = database.CreateContext())
        {
            var tenant = await TestData.AddTenantAsync(db, "Acme");
            var data = new TestData(db, tenant);
            var erp = data.Subscription("erp");
            var other = data.Subscription("crm");
            var @event = data.Event(TimeSpan.FromMinutes(5));
            var delivery = data.Delivery(@event, erp, DeliveryStatus.Succeeded);
            data.Delivery(@event, other, DeliveryStatus.Succeeded);
            var first = new Attempt(delivery, 0, AttemptTrigger.Automatic, null, TestData.Now.AddMinutes(-5), "https://x", "{}", "{}");
            first.RecordError(AttemptErrorKind.Timeout, "No response", 15000);
            var second = new Attempt(delivery, 1, AttemptTrigger.Manual, "demo@acme.test", TestData.Now.AddMinutes(-1), "https://x", "{}", "{}");
            second.RecordResponse(200, null, "ok", 42);
            db.Attempts.AddRange(first, second);
            await db.SaveChangesAsync();
            subscriptionId = erp.Id;
            database.Tenant.TenantId = tenant.Id;
        }

        await using var context = database.Factory.CreateDbContext();
        var text = new StringWriter();
        Assert.Equal(2, await SubscriptionLog.WriteAsync(context, subscriptionId, LogRange.All, oldestFirst: false, text));
        var lines = text.ToString().TrimEnd('\n').Split('\n');

        Assert.Equal(2, lines.Length);
        Assert.StartsWith("2026-11-05T11:59:00.000Z invoice.status event=", lines[0]);
        Assert.EndsWith("attempt=1 status=200 duration=42ms manual", lines[0]);
        Assert.EndsWith("attempt=0 error=Timeout duration=15000ms", lines[1]);
    }
}
