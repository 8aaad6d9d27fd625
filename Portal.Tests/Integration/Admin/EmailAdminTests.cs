using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Domain.Audit;
using Portal.Domain.Deliveries;
using Portal.Domain.Notifications;
using Portal.Domain.Subscriptions;
using Portal.Features.Admin.Email;
using Portal.Features.Admin.Outbox;
using Portal.Notifications;
using Portal.Settings;
using Portal.Tests.Infrastructure;
using Portal.Tests.Integration.Dispatch;

namespace Portal.Tests.Integration.Admin;

/// <summary>The failure-e-mail admin on the real host: test e-mail through a real SMTP server, the stored password
/// encrypted at rest, the template in a real failure e-mail, and resend from the outbox.</summary>
public abstract class EmailAdminTests(EmailAdminHost host)
{
    private const string BaseUrl = "https://portal.example.test";
    private static readonly TimeSpan MailTimeout = TimeSpan.FromSeconds(20);

    private PortalAppFactory Factory => host.Factory;

    [Fact]
    public async Task Test_email_with_the_forms_unsaved_values_reaches_the_smtp_server()
    {
        var recipient = $"admin-{Guid.NewGuid():N}@example.test";
        var input = Form(recipient);

        var outcome = await AdminAsync(a => a.SendTestAsync(input));

        Assert.True(outcome.Succeeded);
        Assert.True(outcome.Value!.Sent, outcome.Value.Message);
        var email = Assert.Single(await host.Mail.WaitForEmailsAsync(e => e.To.Contains(recipient), 1, MailTimeout));
        Assert.Equal("Portal test e-mail", email.Subject);
    }

    [Fact]
    public async Task Test_email_to_a_server_that_is_not_there_reports_the_error()
    {
        var input = Form("ops@example.test");
        input.Port = ClosedPort();

        var outcome = await AdminAsync(a => a.SendTestAsync(input));

        Assert.False(outcome.Value!.Sent);
        Assert.StartsWith($"SMTP connection to 127.0.0.1:{input.Port} failed", outcome.Value.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saved_password_is_encrypted_at_rest_and_reaches_the_senders_options()
    {
        var password = $"pw-{Guid.NewGuid():N}";
        var input = Form("ops@example.test");
        input.UserName = "mailer";
        input.Password = password;

        Assert.True((await AdminAsync(a => a.SaveAsync(input))).Succeeded);

        await using var scope = Factory.CreateScope();
        var raw = await scope.Get<PortalDbContext>().PlatformSettings.AsNoTracking()
            .Where(s => s.Key == StoredSettings.KeyPrefix + StoredSmtpSettings.Name).Select(s => s.Value).SingleAsync();
        Assert.DoesNotContain(password, raw, StringComparison.Ordinal);
        Assert.Contains("mailer", raw, StringComparison.Ordinal);
        Assert.Equal(password, scope.Get<IOptionsMonitor<SmtpOptions>>().CurrentValue.Password);

        // The change is in the operators' audit log by field name; the password itself is not.
        var audited = await scope.Get<PortalDbContext>().AuditEntries.IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.Action == AuditActions.SettingsChanged && e.TargetId == StoredSmtpSettings.Name)
            .OrderByDescending(e => e.OccurredAt).FirstAsync();
        Assert.Null(audited.TenantId);
        Assert.Contains("protectedPassword", audited.Details, StringComparison.Ordinal);
        Assert.Contains("userName", audited.Details, StringComparison.Ordinal);
        Assert.DoesNotContain(password, audited.Details, StringComparison.Ordinal);

        // Saved again with the password left blank: kept.
        var again = Form("ops@example.test");
        again.UserName = "mailer";
        Assert.True((await AdminAsync(a => a.SaveAsync(again))).Succeeded);
        Assert.Equal(password, Factory.Services.GetRequiredService<IOptionsMonitor<SmtpOptions>>().CurrentValue.Password);
        await SaveWorkingSettingsAsync(); // the other tests send without authentication
    }

    [Fact]
    public async Task Template_placeholders_render_in_a_real_failure_email_and_resend_delivers_it_again()
    {
        await SaveWorkingSettingsAsync(
            subject: "ALERT {subscription} ({tenant})",
            body: "url={url}\ncount={failure_count}\nlast={last_error}\nsince={failing_since}\nlink={history_link}\n--\n{failures}\n{{literal}}");
        var tenant = await Factory.RegisterAsync("Templated");
        await Factory.ConfirmNotificationAddressAsync(tenant.Id, "owner@templated.test");
        await using var receiver = await WebhookReceiver.StartAsync(_ => new ReceiverResponse(500));
        var name = $"ERP {Guid.NewGuid():N}"[..12];
        var subscription = await Factory.AddSubscriptionAsync(tenant.Id, receiver.Url(), (s, _) =>
        {
            s.Rename(name);
            s.NoRetries();
            s.ConfigureNotification(new NotificationSettings("owner@templated.test", Enabled: true));
        });

        var published = await Factory.PublishAsync(tenant.Id);
        var delivery = await Factory.WaitForDeliveryAsync(published.EventId, d => d.Status == DeliveryStatus.Exhausted);
        bool Mine(ReceivedEmail e) => e.Subject == $"ALERT {name} ({tenant.Name})";
        var email = Assert.Single(await host.Mail.WaitForEmailsAsync(Mine, 1, MailTimeout));

        Assert.Contains($"url={receiver.Url()}", email.Text, StringComparison.Ordinal);
        Assert.Contains("count=1", email.Text, StringComparison.Ordinal);
        Assert.Matches(@"last=Delivery \S+ \(invoice\.status\) gave up after 1 attempt\(s\): HTTP 500\.", email.Text);
        Assert.Matches(@"since=\d{4}-\d\d-\d\d \d\d:\d\d UTC", email.Text);
        Assert.Contains($"link={BaseUrl}/subscriptions/{subscription.Id}", email.Text, StringComparison.Ordinal);
        Assert.Contains(delivery.WebhookId, email.Text, StringComparison.Ordinal);
        Assert.Contains("{literal}", email.Text, StringComparison.Ordinal);

        // The e-mail arrives before the sender marks it sent: wait for that.
        var sent = await WaitForOutboxAsync(subscription.Id, e => e.Status == OutboxStatus.Sent);
        var resent = await AdminAsync<Portal.Common.Result<Guid>>(scope => scope.Get<ResendEmail>().ExecuteAsync(sent.Id));
        Assert.True(resent.Succeeded, resent.Error?.Message);

        Assert.Equal(2, (await host.Mail.WaitForEmailsAsync(Mine, 2, MailTimeout)).Count);
        var after = await WaitForOutboxAsync(subscription.Id, e => e is { Status: OutboxStatus.Sent, Attempts: 2 });
        Assert.Equal(1, after.Resends);
        var page = await AdminAsync(scope => scope.Get<OutboxQuery>().PageAsync(OutboxStatus.Sent, 0, 100));
        Assert.Contains(page.Rows, r => r.Id == sent.Id && r.Attempts == 2 && r.To == "owner@templated.test");
        var queued = await AdminAsync(scope => scope.Get<OutboxQuery>().PageAsync(OutboxStatus.Queued, 0, 100));
        Assert.DoesNotContain(queued.Rows, r => r.Id == sent.Id);
    }

    [Fact]
    public async Task Unknown_placeholders_are_refused_and_nothing_is_saved()
    {
        var input = Form("ops@example.test");
        input.SubjectTemplate = "Failing: {subscription_name}";

        var result = await AdminAsync(a => a.SaveAsync(input));

        Assert.Contains("{subscription_name}", Assert.Single(result.Error!.Fields!["subjectTemplate"]), StringComparison.Ordinal);
    }

    private EmailSettingsInput Form(string testRecipient) => new()
    {
        Host = "127.0.0.1",
        Port = host.Mail.SmtpPort,
        Security = SmtpSecurity.None,
        From = "Portal <webhooks@portal.test>",
        WindowMinutes = 60,
        PortalBaseUrl = BaseUrl,
        TestRecipient = testRecipient,
    };

    private async Task SaveWorkingSettingsAsync(string? subject = null, string? body = null)
    {
        var input = Form("ops@example.test");
        input.SubjectTemplate = subject ?? NotificationTemplate.DefaultSubject;
        input.BodyTemplate = body ?? NotificationTemplate.DefaultBody;
        input.ClearPassword = true;
        var saved = await AdminAsync(a => a.SaveAsync(input));
        Assert.True(saved.Succeeded, saved.Error?.Message);
    }

    private Task<T> AdminAsync<T>(Func<EditEmailSettings, Task<T>> operation) =>
        AdminAsync(scope => operation(scope.Get<EditEmailSettings>()));

    private async Task<T> AdminAsync<T>(Func<AsyncServiceScope, Task<T>> operation)
    {
        await using var scope = Factory.CreateScope();
        return await operation(scope);
    }

    private async Task<OutboxEmail> OutboxOfAsync(Guid subscriptionId)
    {
        await using var scope = Factory.CreateScope();
        return await scope.Get<PortalDbContext>().OutboxEmails.AsNoTracking().SingleAsync(e => e.SubscriptionId == subscriptionId);
    }

    private async Task<OutboxEmail> WaitForOutboxAsync(Guid subscriptionId, Func<OutboxEmail, bool> done)
    {
        var email = await OutboxOfAsync(subscriptionId);
        for (var i = 0; i < 100 && !done(email); i++)
        {
            await Task.Delay(100);
            email = await OutboxOfAsync(subscriptionId);
        }
        Assert.True(done(email), $"Outbox e-mail: {email.Status}, {email.Attempts} attempt(s), {email.Resends} resend(s).");
        return email;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed class SqliteEmailAdminTests(SqliteEmailAdminHost host) : EmailAdminTests(host), IClassFixture<SqliteEmailAdminHost>;

public sealed class PostgresEmailAdminTests(PostgresEmailAdminHost host) : EmailAdminTests(host), IClassFixture<PostgresEmailAdminHost>;
