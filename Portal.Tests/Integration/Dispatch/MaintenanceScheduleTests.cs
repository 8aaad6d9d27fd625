using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Data;
using Portal.Jobs;
using Portal.Tests.Infrastructure;
using Quartz;

namespace Portal.Tests.Integration.Dispatch;

/// <summary>A node declaring the maintenance triggers (at its start-up) leaves a running trigger alone unless its
/// schedule changed — re-declaring it used to recompute its next fire time from a past start and fire a period twice.</summary>
public sealed class MaintenanceScheduleTests : IAsyncLifetime
{
    private PortalAppFactory _host = null!;

    public async Task InitializeAsync()
    {
        _host = await PortalAppFactory.CreateAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>
        {
            ["Smtp:PollIntervalSeconds"] = "1",
        });
        _host.StartServer();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Declaring_an_unchanged_trigger_again_keeps_its_fire_times()
    {
        var scheduler = await _host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var before = await WaitForAFiringAsync(scheduler);

        await Declare(scheduler, "0/1 * * * * ?");

        var after = (await scheduler.GetTrigger(NotificationJob.Trigger))!;
        // Not re-created: the last firing is still known (a replaced trigger starts with none).
        Assert.NotNull(after.PreviousFireTimeUtc);
        Assert.True(after.PreviousFireTimeUtc >= before, "The trigger forgot its last firing.");
    }

    [Fact]
    public async Task A_changed_schedule_replaces_the_trigger_from_now_on()
    {
        var scheduler = await _host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var declaredAt = DateTimeOffset.UtcNow;

        await Declare(scheduler, "0/7 * * * * ?");

        var trigger = Assert.IsAssignableFrom<ICronTrigger>(await scheduler.GetTrigger(NotificationJob.Trigger));
        Assert.Equal("0/7 * * * * ?", trigger.CronExpressionString);
        Assert.True(trigger.NextFireTimeUtc > declaredAt, "A replaced trigger must not fire a period that has passed.");
    }

    private async Task Declare(IScheduler scheduler, string cron)
    {
        var schedule = new MaintenanceSchedule(_host.Services.GetRequiredService<ISchedulerFactory>(),
            [new MaintenanceSchedule.Entry(NotificationJob.Trigger, NotificationJob.Key, cron)],
            NullLogger<MaintenanceSchedule>.Instance);
        await schedule.StartAsync(CancellationToken.None);
        Assert.NotNull(await scheduler.GetTrigger(NotificationJob.Trigger));
    }

    private static async Task<DateTimeOffset> WaitForAFiringAsync(IScheduler scheduler)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if ((await scheduler.GetTrigger(NotificationJob.Trigger))?.PreviousFireTimeUtc is { } fired)
                return fired;
            await Task.Delay(100);
        }

        throw new TimeoutException("The notification trigger never fired.");
    }
}
