using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Domain.Deliveries;
using Portal.Domain.Notifications;
using Portal.Domain.Subscriptions;
using Portal.Jobs;
using Portal.Tests.Infrastructure;
using Quartz;

namespace Portal.Tests.Integration.Dispatch;

/// <summary>A SQLite host of its own whose failure e-mail goes to a real MailDev, polled every second.</summary>
public sealed class NotificationHost() : MailDevHost(DatabaseProvider.Sqlite, smtpConfigured: true);

/// <summary>Failure e-mail end to end: an exhausted delivery → outbox → NotificationJob → MailKit → MailDev.</summary>
public sealed class NotificationEmailTests(NotificationHost host) : IClassFixture<NotificationHost>
{
    private const string Ops = "ops@example.test";

    /// <summary>Long enough for a couple of notification polls: anything that was going to be sent has been.</summary>
    private static readonly TimeSpan SeveralPolls = TimeSpan.FromSeconds(MailDevHost.PollSeconds * 3 + 0.5);

    private static readonly TimeSpan MailTimeout = TimeSpan.FromSeconds(15);

    private PortalAppFactory Factory => host.Factory;

    [Fact]
    public async Task Exhausted_delivery_sends_an_email_naming_the_subscription_and_the_webhook_id()
    {
        var name = UniqueName("Orders");
        var (tenantId, receiver) = await FailingEndpointAsync();
        await using var _ = receiver;
        var subscription = await AddNotifyingSubscriptionAsync(tenantId, receiver, name, enabled: true);

        var published = await Factory.PublishAsync(tenantId);
        var delivery = await Factory.WaitForDeliveryAsync(published.EventId, d => d.Status == DeliveryStatus.Exhausted);
        var email = Assert.Single(await host.Mail.WaitForEmailsAsync(e => e.Subject.Contains(name, StringComparison.Ordinal), 1, MailTimeout));

        Assert.Equal([Ops], email.To);
        Assert.Equal($"Webhook failing: {name}", email.Subject);
        Assert.Contains(delivery.WebhookId, email.Text, StringComparison.Ordinal);
        Assert.Contains("HTTP 500", email.Text, StringComparison.Ordinal);
        // The message reaches the SMTP server a moment before the job records it as sent.
        var outbox = Assert.Single(await OutboxAsync(subscription.Id));
        for (var i = 0; i < 50 && outbox.SentAt is null; i++)
        {
            await Task.Delay(100);
            outbox = Assert.Single(await OutboxAsync(subscription.Id));
        }
        Assert.NotNull(outbox.SentAt);
    }

    [Fact]
    public async Task Failures_within_the_window_fold_into_one_email_and_later_ones_wait_for_the_window()
    {
        var name = UniqueName("Storm");
        var (tenantId, receiver) = await FailingEndpointAsync();
        await using var _ = receiver;
        var subscription = await AddNotifyingSubscriptionAsync(tenantId, receiver, name, enabled: true);
        bool Mine(ReceivedEmail e) => e.Subject.Contains(name, StringComparison.Ordinal);

        // Three failures between two polls (deterministic: the poll is held while they happen).
        var scheduler = Factory.Services.GetRequiredService<IScheduler>();
        var webhookIds = new List<string>();
        await scheduler.PauseTrigger(NotificationJob.Trigger);
        try
        {
            await WaitUntilNotRunningAsync(scheduler);
            for (var i = 0; i < 3; i++)
            {
                var published = await Factory.PublishAsync(tenantId);
                webhookIds.Add((await Factory.WaitForDeliveryAsync(published.EventId, d => d.Status == DeliveryStatus.Exhausted)).WebhookId);
            }

            // The e-mail side is recorded just after the delivery's state: give it a moment (bounded).
            var folded = await OutboxAsync(subscription.Id);
            for (var i = 0; i < 100 && folded.Sum(o => o.Items) < 3; i++)
            {
                await Task.Delay(50);
                folded = await OutboxAsync(subscription.Id);
            }

            Assert.Equal(3, Assert.Single(folded).Items);
        }
        finally
        {
            await scheduler.ResumeTrigger(NotificationJob.Trigger);
        }

        var email = Assert.Single(await host.Mail.WaitForEmailsAsync(Mine, 1, MailTimeout));
        Assert.All(webhookIds, id => Assert.Contains(id, email.Text, StringComparison.Ordinal));

        // A fourth failure inside the window after that e-mail: queued for the end of the window, not sent now.
        var fourth = await Factory.PublishAsync(tenantId);
        await Factory.WaitForDeliveryAsync(fourth.EventId, d => d.Status == DeliveryStatus.Exhausted);
        await Task.Delay(SeveralPolls);

        Assert.Single(await host.Mail.GetEmailsAsync(), Mine);
        var outbox = await OutboxAsync(subscription.Id);
        Assert.Equal(2, outbox.Count);
        var sent = Assert.Single(outbox, o => o.SentAt is not null);
        var held = Assert.Single(outbox, o => o.SentAt is null);
        Assert.Equal(3, sent.Items);
        Assert.Equal(1, held.Items);
        Assert.True(held.NotBefore >= sent.SentAt!.Value + TimeSpan.FromMinutes(59),
            $"The second e-mail is due at {held.NotBefore:O}, less than the one-hour window after {sent.SentAt:O}.");
    }

    [Fact]
    public async Task Notification_switched_off_sends_no_email()
    {
        var name = UniqueName("Silent");
        var (tenantId, receiver) = await FailingEndpointAsync();
        await using var _ = receiver;
        var subscription = await AddNotifyingSubscriptionAsync(tenantId, receiver, name, enabled: false);

        var published = await Factory.PublishAsync(tenantId);
        await Factory.WaitForDeliveryAsync(published.EventId, d => d.Status == DeliveryStatus.Exhausted);
        await Task.Delay(SeveralPolls);

        Assert.DoesNotContain(await host.Mail.GetEmailsAsync(), e => e.Subject.Contains(name, StringComparison.Ordinal));
        Assert.Empty(await OutboxAsync(subscription.Id));
    }

    [Fact]
    public async Task Without_an_smtp_host_the_email_stays_in_the_outbox_unsent()
    {
        await using var quiet = await PortalAppFactory.CreateAsync(DatabaseProvider.Sqlite, MailDevHost.FastSettings());
        var tenant = await quiet.RegisterAsync("NoSmtp");
        await quiet.ConfirmNotificationAddressAsync(tenant.Id, Ops);
        await using var receiver = await WebhookReceiver.StartAsync(_ => new ReceiverResponse(500));
        var subscription = await quiet.AddSubscriptionAsync(tenant.Id, receiver.Url(), (s, _) =>
        {
            s.NoRetries();
            s.ConfigureNotification(new NotificationSettings(Ops, Enabled: true));
        });

        var published = await quiet.PublishAsync(tenant.Id);
        var delivery = await quiet.WaitForDeliveryAsync(published.EventId, d => d.Status == DeliveryStatus.Exhausted);
        await Task.Delay(SeveralPolls);

        await using var scope = quiet.CreateScope();
        var outbox = Assert.Single(await scope.Get<PortalDbContext>().OutboxEmails.AsNoTracking()
            .Where(e => e.SubscriptionId == subscription.Id).ToListAsync());
        Assert.Null(outbox.SentAt);
        Assert.Equal(0, outbox.SendAttempts);
        Assert.Null(outbox.LastError);
        Assert.Equal(Ops, outbox.To);
        Assert.Contains(delivery.WebhookId, outbox.Body, StringComparison.Ordinal);
    }

    private async Task<(Guid TenantId, WebhookReceiver Receiver)> FailingEndpointAsync()
    {
        var tenant = await Factory.RegisterAsync("Notify");
        await Factory.ConfirmNotificationAddressAsync(tenant.Id, Ops);
        return (tenant.Id, await WebhookReceiver.StartAsync(_ => new ReceiverResponse(500)));
    }

    private Task<Subscription> AddNotifyingSubscriptionAsync(Guid tenantId, WebhookReceiver receiver, string name, bool enabled) =>
        Factory.AddSubscriptionAsync(tenantId, receiver.Url(), (s, _) =>
        {
            s.Rename(name);
            s.NoRetries();
            s.ConfigureNotification(new NotificationSettings(Ops, enabled));
        });

    private async Task<List<OutboxEmail>> OutboxAsync(Guid subscriptionId)
    {
        await using var scope = Factory.CreateScope();
        return await scope.Get<PortalDbContext>().OutboxEmails.AsNoTracking()
            .Where(e => e.SubscriptionId == subscriptionId).ToListAsync();
    }

    /// <summary>A poll that started before the pause could still pick up the first failure.</summary>
    private static async Task WaitUntilNotRunningAsync(IScheduler scheduler)
    {
        var running = new FireInstanceQuery { Job = NotificationJob.Key };
        for (var i = 0; i < 100 && (await scheduler.QueryFireInstances(running)).Items.Count > 0; i++)
            await Task.Delay(50);
    }

    private static string UniqueName(string prefix) => $"{prefix} {Guid.NewGuid().ToString("N")[..8]}";
}
