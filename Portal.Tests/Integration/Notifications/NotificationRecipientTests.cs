using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Common;
using Portal.Data;
using Portal.Domain.Notifications;
using Microsoft.Extensions.Options;
using Portal.Features.Admin.Dispatcher;
using Portal.Features.Admin.Email;
using Portal.Features.Subscriptions.Editor;
using Portal.Notifications;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Notifications;

/// <summary>A host with small per-tenant caps, so reaching them is cheap.</summary>
public abstract class CappedHost(DatabaseProvider provider) : IAsyncLifetime
{
    public const int MaxSubscriptions = 3;
    public const int MaxEmailsPerHour = 3;

    public PortalAppFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Factory = await PortalAppFactory.CreateAsync(provider, new Dictionary<string, string?>
        {
            ["Quotas:MaxSubscriptionsPerTenant"] = MaxSubscriptions.ToString(CultureInfo.InvariantCulture),
            ["Quotas:MaxEmailsPerTenantPerHour"] = MaxEmailsPerHour.ToString(CultureInfo.InvariantCulture),
            ["Smtp:PortalBaseUrl"] = "https://portal.example.test",
        });
        Factory.StartServer();
    }

    public async Task DisposeAsync()
    {
        if (Factory is not null)
            await Factory.DisposeAsync();
    }
}

public sealed class SqliteCappedHost() : CappedHost(DatabaseProvider.Sqlite);

public sealed class PostgresCappedHost() : CappedHost(DatabaseProvider.Postgres);

/// <summary>Failure e-mail reaches only members and confirmed addresses; caps on subscriptions and e-mail per hour.</summary>
public abstract partial class NotificationRecipientTests(PortalAppFactory host)
{
    private const string Stranger = "stranger@example.test";

    [Fact]
    public async Task Foreign_address_gets_one_confirmation_link_and_no_failure_email_until_confirmed()
    {
        var tenant = await host.RegisterAsync("Relay");
        var id = await CreateAsync(tenant, "Orders", Stranger);
        await UpdateAsync(tenant, id, "Orders again", Stranger);

        var confirmation = Assert.Single(await OutboxToAsync(tenant.Id, Stranger));
        Assert.Null(confirmation.SubscriptionId);
        var token = TokenIn(confirmation.Body);
        Assert.Equal(NotificationEmailStatus.AwaitingConfirmation, await StatusAsync(tenant.Id, Stranger));

        await QueueFailureAsync(id);
        Assert.Empty(await OutboxForAsync(id));

        using var client = host.CreateClient();
        using var confirmed = await client.GetAsync(new Uri($"/notifications/confirm/{token}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("data-confirmation=\"confirmed\"", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await QueueFailureAsync(id);
        var failure = Assert.Single(await OutboxForAsync(id));
        Assert.Equal(Stranger, failure.To);
        Assert.Equal(NotificationEmailStatus.Confirmed, await StatusAsync(tenant.Id, Stranger));
    }

    [Fact]
    public async Task Confirm_link_works_once_and_unknown_tokens_get_a_friendly_4xx_page()
    {
        var tenant = await host.RegisterAsync("Once");
        await CreateAsync(tenant, "Hook", Stranger);
        var token = TokenIn(Assert.Single(await OutboxToAsync(tenant.Id, Stranger)).Body);
        using var client = host.CreateClient();

        using var first = await client.GetAsync(new Uri($"/notifications/confirm/{token}", UriKind.Relative));
        using var second = await client.GetAsync(new Uri($"/notifications/confirm/{token}", UriKind.Relative));
        using var unknown = await client.GetAsync(new Uri($"/notifications/confirm/{new string('a', 64)}", UriKind.Relative));
        using var junk = await client.GetAsync(new Uri($"/notifications/confirm/{new string('%', 300)}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, second.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, unknown.StatusCode);
        var unknownBody = await unknown.Content.ReadAsStringAsync();
        Assert.True(unknownBody.Contains("data-confirmation=\"invalid\"", StringComparison.Ordinal), unknownBody);
        Assert.True((int)junk.StatusCode is >= 400 and < 500, $"Junk token answered {junk.StatusCode}.");
    }

    [Fact]
    public async Task A_member_with_a_confirmed_account_email_needs_no_confirmation_but_an_unconfirmed_one_does()
    {
        var tenant = await host.RegisterAsync("Member");
        var owner = tenant.Owner.Email!;
        var unconfirmed = await CreateAsync(tenant, "Before", owner);
        Assert.Single(await OutboxToAsync(tenant.Id, owner));
        await QueueFailureAsync(unconfirmed);
        Assert.Empty(await OutboxForAsync(unconfirmed));

        await ConfirmAccountEmailAsync(tenant);
        var id = await CreateAsync(tenant, "After", owner);
        await QueueFailureAsync(id);

        Assert.Single(await OutboxToAsync(tenant.Id, owner), e => e.SubscriptionId is null);
        Assert.Single(await OutboxForAsync(id));
        Assert.Equal(NotificationEmailStatus.Member, await StatusAsync(tenant.Id, owner));
    }

    [Fact]
    public async Task Subscription_cap_refuses_the_next_create_in_the_portal()
    {
        var tenant = await host.RegisterAsync("Cap");
        for (var i = 0; i < CappedHost.MaxSubscriptions; i++)
            await CreateAsync(tenant, $"S{i}", null);

        await using var scope = await host.CreateScopeSignedInAsync(tenant.Owner);
        var refused = await scope.Get<SaveSubscription>().CreateAsync(Input("One too many", null));

        Assert.Equal(ErrorKind.Conflict, refused.Error!.Kind);
        Assert.Contains($"limit of {CappedHost.MaxSubscriptions} subscriptions", refused.Error.Message, StringComparison.Ordinal);
        Assert.Equal(new SubscriptionUsage(CappedHost.MaxSubscriptions, CappedHost.MaxSubscriptions),
            await scope.Get<SubscriptionQuota>().UsageAsync(tenant.Id));
    }

    [Fact]
    public async Task Subscription_cap_refuses_the_next_create_in_the_api_with_a_409_problem()
    {
        using var tenant = await host.CreateApiTenantAsync("ApiCap");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= CappedHost.MaxSubscriptions; i++)
        {
            using var response = await tenant.Client.PostJsonAsync("subscriptions", new
            {
                name = $"S{i}", url = "http://127.0.0.1:9/hook", eventTypes = ApiTestHelpers.Types("invoice.status"),
            });
            statuses.Add(response.StatusCode);
            if (i == CappedHost.MaxSubscriptions)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.Contains("limit", (await response.JsonAsync())["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            }
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Created, CappedHost.MaxSubscriptions), HttpStatusCode.Conflict], statuses);
    }

    [Fact]
    public async Task Api_answers_say_whether_the_address_awaits_confirmation()
    {
        using var tenant = await host.CreateApiTenantAsync("ApiStatus");
        using var created = await tenant.Client.PostJsonAsync("subscriptions", new
        {
            name = "S", url = "http://127.0.0.1:9/hook", eventTypes = ApiTestHelpers.Types("invoice.status"),
            notifyEmail = Stranger, notifyOnFailure = true,
        });
        using var quiet = await tenant.Client.PostJsonAsync("subscriptions", new
        {
            name = "Q", url = "http://127.0.0.1:9/hook", eventTypes = ApiTestHelpers.Types("invoice.status"),
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("awaiting-confirmation", (await created.JsonAsync())["notificationEmailStatus"]!.GetValue<string>());
        Assert.Null((await quiet.JsonAsync())["notificationEmailStatus"]);
        Assert.Single(await OutboxToAsync(tenant.Id, Stranger));
    }

    [Fact]
    public async Task Admins_change_both_caps_through_the_stored_settings()
    {
        var tenant = await host.RegisterAsync("Admin");
        await CreateAsync(tenant, "First", null);
        await using var scope = host.CreateScope();
        var dispatcher = scope.Get<EditDispatcherSettings>();
        var email = scope.Get<EditEmailSettings>();
        var quotas = scope.Get<IOptionsMonitor<QuotaOptions>>();
        var settings = dispatcher.Current();
        var form = email.Load("https://portal.example.test", "admin@example.test");
        try
        {
            settings.MaxSubscriptionsPerTenant = 1;
            form.MaxEmailsPerHour = 7;
            Assert.Null((await dispatcher.SaveAsync(settings)).Error);
            Assert.Null((await email.SaveAsync(form)).Error);

            Assert.Equal(1, quotas.CurrentValue.MaxSubscriptionsPerTenant);
            Assert.Equal(7, quotas.CurrentValue.MaxEmailsPerTenantPerHour);
            await using var signedIn = await host.CreateScopeSignedInAsync(tenant.Owner);
            Assert.Equal(ErrorKind.Conflict, (await signedIn.Get<SaveSubscription>().CreateAsync(Input("Second", null))).Error?.Kind);
        }
        finally
        {
            settings.MaxSubscriptionsPerTenant = CappedHost.MaxSubscriptions;
            form.MaxEmailsPerHour = CappedHost.MaxEmailsPerHour;
            await dispatcher.SaveAsync(settings);
            await email.SaveAsync(form);
        }
    }

    [Fact]
    public async Task Hourly_email_cap_stops_queuing_new_emails()
    {
        var tenant = await host.RegisterAsync("Storm");
        await ConfirmAccountEmailAsync(tenant);
        var ids = new List<Guid>();
        for (var i = 0; i < CappedHost.MaxSubscriptions; i++)
            ids.Add(await CreateAsync(tenant, $"S{i}", tenant.Owner.Email));
        await using (var scope = host.CreateScope())
        {
            // One more e-mail already this hour (a confirmation to someone else).
            var addresses = scope.Get<NotificationAddresses>();
            await addresses.RequestConfirmationAsync(tenant.Id, Stranger, CancellationToken.None);
            await scope.Get<PortalDbContext>().SaveChangesAsync();
        }

        foreach (var id in ids)
            await QueueFailureAsync(id);

        await using var check = host.CreateScope();
        var queued = await check.Get<PortalDbContext>().OutboxEmails.AsNoTracking().CountAsync(e => e.TenantId == tenant.Id);
        Assert.Equal(CappedHost.MaxEmailsPerHour, queued);
        Assert.Equal(CappedHost.MaxEmailsPerHour - 1, (await check.Get<PortalDbContext>().OutboxEmails.AsNoTracking()
            .Where(e => e.TenantId == tenant.Id && e.SubscriptionId != null).ToListAsync()).Count);
    }

    private static SubscriptionInput Input(string name, string? email) => new()
    {
        Name = name, Url = "http://127.0.0.1:9/hook", EventTypes = ["invoice.status"],
        NotifyEmail = email, NotifyOnFailure = email is not null,
    };

    private async Task<Guid> CreateAsync(TestTenant tenant, string name, string? email)
    {
        await using var scope = await host.CreateScopeSignedInAsync(tenant.Owner);
        var result = await scope.Get<SaveSubscription>().CreateAsync(Input(name, email));
        return result.Value?.Id ?? throw new InvalidOperationException(result.Error!.Message);
    }

    private async Task UpdateAsync(TestTenant tenant, Guid id, string name, string email)
    {
        await using var scope = await host.CreateScopeSignedInAsync(tenant.Owner);
        var result = await scope.Get<SaveSubscription>().UpdateAsync(id, Input(name, email));
        Assert.Null(result.Error);
    }

    private async Task ConfirmAccountEmailAsync(TestTenant tenant)
    {
        await using var scope = host.CreateScope();
        var users = scope.Get<UserManager<PortalUser>>();
        var user = await users.FindByIdAsync(tenant.Owner.Id);
        user!.EmailConfirmed = true;
        await users.UpdateAsync(user);
    }

    /// <summary>What a failed delivery of the subscription does on the e-mail side, saved.</summary>
    private async Task QueueFailureAsync(Guid subscriptionId)
    {
        await using var scope = host.CreateScope();
        var db = scope.Get<PortalDbContext>();
        var subscription = await db.Subscriptions.IgnoreQueryFilters().SingleAsync(s => s.Id == subscriptionId);
        await scope.Get<NotificationService>().QueueFailureAsync(subscription, "Delivery msg_x gave up: HTTP 500.", CancellationToken.None);
        await db.SaveChangesAsync();
    }

    private async Task<NotificationEmailStatus> StatusAsync(Guid tenantId, string email)
    {
        await using var scope = host.CreateScope();
        return await scope.Get<NotificationAddresses>().StatusAsync(tenantId, email, CancellationToken.None);
    }

    private async Task<List<OutboxEmail>> OutboxToAsync(Guid tenantId, string to)
    {
        await using var scope = host.CreateScope();
        return await scope.Get<PortalDbContext>().OutboxEmails.AsNoTracking()
            .Where(e => e.TenantId == tenantId && e.To == to).ToListAsync();
    }

    private async Task<List<OutboxEmail>> OutboxForAsync(Guid subscriptionId)
    {
        await using var scope = host.CreateScope();
        return await scope.Get<PortalDbContext>().OutboxEmails.AsNoTracking()
            .Where(e => e.SubscriptionId == subscriptionId).ToListAsync();
    }

    private static string TokenIn(string body) => ConfirmLink().Match(body) is { Success: true } m
        ? m.Groups[1].Value
        : throw new InvalidOperationException($"No confirmation link in: {body}");

    [GeneratedRegex("https://portal\\.example\\.test/notifications/confirm/([0-9a-f]{64})")]
    private static partial Regex ConfirmLink();
}

public sealed class SqliteNotificationRecipientTests(SqliteCappedHost host)
    : NotificationRecipientTests(host.Factory), IClassFixture<SqliteCappedHost>;

public sealed class PostgresNotificationRecipientTests(PostgresCappedHost host)
    : NotificationRecipientTests(host.Factory), IClassFixture<PostgresCappedHost>;
