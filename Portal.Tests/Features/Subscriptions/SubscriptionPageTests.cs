using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Data;
using Portal.Domain.Deliveries;
using Portal.Domain.Subscriptions;
using Portal.Domain.Tenants;
using Portal.Features.Deliveries;
using Portal.Features.Subscriptions.Endpoint;
using Portal.Identity;

namespace Portal.Tests.Features.Subscriptions;

/// <summary>The endpoint page counts deliveries, not attempts: the failing endpoint showed "0 / 25" for five
/// deliveries tried five times each.</summary>
public sealed class SubscriptionPageTests : IAsyncLifetime
{
    private FeatureTestDatabase _database = default!;
    private Tenant _acme = default!;
    private Subscription _erp = default!;

    public async Task InitializeAsync()
    {
        _database = await FeatureTestDatabase.CreateAsync();
        await using var db = _database.CreateContext();
        _acme = await TestData.AddTenantAsync(db, "Acme");
        var acme = new TestData(db, _acme);
        _erp = acme.Subscription("erp");
        var other = acme.Subscription("crm");
        // 3 succeeded at the first attempt (120, 80, 100 ms), 1 exhausted after 5 attempts (500 in 1000..1400 ms),
        // 1 retrying after 1 attempt (timeout, no response), 1 failed two days ago (outside the 24 h window).
        Attempts(db, acme.Delivery(acme.Event(TimeSpan.FromHours(1)), _erp, DeliveryStatus.Succeeded), (200, 120));
        Attempts(db, acme.Delivery(acme.Event(TimeSpan.FromHours(2)), _erp, DeliveryStatus.Succeeded), (200, 80));
        Attempts(db, acme.Delivery(acme.Event(TimeSpan.FromHours(3)), _erp, DeliveryStatus.Succeeded), (204, 100));
        Attempts(db, acme.Delivery(acme.Event(TimeSpan.FromHours(4)), _erp, DeliveryStatus.Exhausted),
            (500, 1000), (500, 1100), (500, 1200), (500, 1300), (500, 1400));
        Attempts(db, acme.Delivery(acme.Event(TimeSpan.FromHours(5)), _erp, DeliveryStatus.Retrying), (null, 30_000));
        Attempts(db, acme.Delivery(acme.Event(TimeSpan.FromHours(48)), _erp, DeliveryStatus.Exhausted), (500, 9));
        Attempts(db, acme.Delivery(acme.Event(TimeSpan.FromHours(1)), other, DeliveryStatus.Exhausted), (500, 5));
        await db.SaveChangesAsync();
        _database.Tenant.TenantId = _acme.Id;
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Figures_count_deliveries_by_outcome_with_attempts_and_latency_apart()
    {
        await using var ctx = NewContext();

        var cut = ctx.Render<SubscriptionPage>(p => p.Add(c => c.Id, _erp.Id));

        cut.WaitForAssertion(() => Assert.Equal("75%", Number(cut, "success-rate")));
        Assert.Contains("3 of 4 finished deliveries", cut.Find("[data-stat=success-rate]").TextContent);
        Assert.Equal("3", Number(cut, "succeeded"));
        Assert.Equal("1", Number(cut, "failed"));
        Assert.Equal("1", Number(cut, "pending"));
        Assert.Equal("9", Number(cut, "attempts"));
        // Latency of the 8 answered attempts in the window: 80 100 120 1000 1100 1200 1300 1400 (the timeout had no answer).
        Assert.Equal("1,000 ms", Number(cut, "latency"));
        Assert.Contains("p95 1,400 ms", cut.Find("[data-stat=latency]").TextContent);
        Assert.Contains("3 succeeded, 1 failed, 1 pending", cut.Find("[data-outcome-chart]").GetAttribute("aria-label"));
        Assert.Contains($"/deliveries?subscription={_erp.Id}&status=Exhausted",
            cut.FindAll("[data-stat=failed] a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public async Task Recent_deliveries_show_their_attempt_counts_and_a_resend_button()
    {
        await using var ctx = NewContext();

        var cut = ctx.Render<SubscriptionPage>(p => p.Add(c => c.Id, _erp.Id));

        cut.WaitForAssertion(() => Assert.Equal(6, cut.FindAll("[data-delivery]").Count));
        var exhausted = cut.Find("[data-delivery][data-status=Exhausted]");
        Assert.Equal("5 attempts", exhausted.QuerySelector("[data-attempts]")!.TextContent.Trim());
        Assert.NotNull(exhausted.QuerySelector("button[aria-label='Resend invoice.status']"));
    }

    [Fact]
    public async Task An_unknown_or_foreign_subscription_is_not_found()
    {
        await using var ctx = NewContext();

        var cut = ctx.Render<SubscriptionPage>(p => p.Add(c => c.Id, Guid.NewGuid()));

        cut.WaitForAssertion(() => Assert.Contains("Subscription not found", cut.Markup));
    }

    [Fact]
    public async Task Attempts_are_numbered_from_one_in_the_timeline()
    {
        await using var ctx = NewContext();
        var first = new AttemptView(0, AttemptTrigger.Automatic, null, TestData.Now, 12, "https://x", "{}", null, 200, null,
            null, AttemptErrorKind.None, null);

        var cut = ctx.Render<AttemptCard>(p => p.Add(c => c.Attempt, first));

        Assert.Equal("Attempt 1", cut.Find("h3").TextContent.Trim());
        Assert.Equal(1, first.Ordinal);
    }

    private BunitContext NewContext()
    {
        var ctx = new BunitContext();
        ctx.UsePortalServices(_database);
        ctx.Services.AddScoped<CurrentUser>();
        ctx.Services.AddScoped<EndpointOverviewQuery>();
        ctx.Render<MudPopoverProvider>();
        return ctx;
    }

    private static void Attempts(PortalDbContext db, Delivery delivery, params (int? Status, int DurationMs)[] attempts)
    {
        for (var i = 0; i < attempts.Length; i++)
        {
            var attempt = new Attempt(delivery, i, AttemptTrigger.Automatic, null, delivery.CreatedAt.AddMinutes(i),
                "https://hooks.example.com/", "{}", "{}");
            if (attempts[i].Status is { } status)
                attempt.RecordResponse(status, "{}", "", attempts[i].DurationMs);
            else
                attempt.RecordError(AttemptErrorKind.Timeout, "timed out", attempts[i].DurationMs);
            db.Attempts.Add(attempt);
        }
        db.Entry(delivery).Property(d => d.AttemptCount).CurrentValue = attempts.Length;
    }

    private static string Number(IRenderedComponent<SubscriptionPage> cut, string stat) =>
        cut.Find($"[data-stat={stat}] .portal-stat-number").TextContent.Trim();
}
