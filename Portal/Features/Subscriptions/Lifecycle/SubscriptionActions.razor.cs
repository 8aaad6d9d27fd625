using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using Portal.Common;
using Portal.Components.Shared;
using Portal.Features.Subscriptions.Endpoint;
using Portal.Features.Subscriptions.List;
using Portal.Identity;

namespace Portal.Features.Subscriptions.Lifecycle;

/// <summary>A row's actions: edit, test, pause/resume, send sample, download log, delete (with confirm).</summary>
public partial class SubscriptionActions
{
    private bool _busy;

    [Parameter, EditorRequired]
    public SubscriptionListRow Row { get; set; } = default!;

    /// <summary>False on the endpoint page, which has its own Edit button.</summary>
    [Parameter]
    public bool ShowEdit { get; set; } = true;

    /// <summary>Raised after a change so the list reloads.</summary>
    [Parameter]
    public EventCallback Changed { get; set; }

    [Inject] private IServiceScopeFactory Scopes { get; set; } = default!;
    [Inject] private CurrentUser User { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    private async Task TestAsync()
    {
        _busy = true;
        try
        {
            var result = await Scopes.RunAsync<TestEndpoint, Result<PingResult>>(User, t => t.ExecuteAsync(Row.Id));
            if (result.Value is { } ping)
                await TestResultDialog.ShowAsync(Dialogs, Row.Name, ping);
            else
                Snackbar.Add(result.Error!.Message, Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task PauseAsync()
    {
        var result = await Scopes.RunAsync<SubscriptionLifecycle, Result<Domain.Subscriptions.Subscription>>(User, l => l.PauseAsync(Row.Id));
        await ReportAsync(result.Error, $"{Row.Name} is paused: new events wait until you resume it.");
    }

    private async Task ResumeAsync()
    {
        var result = await Scopes.RunAsync<SubscriptionLifecycle, Result<Domain.Subscriptions.Subscription>>(User, l => l.ResumeAsync(Row.Id));
        await ReportAsync(result.Error, $"{Row.Name} is active again.");
    }

    /// <summary>Svix's recover: re-enable, then resend (in the background) what was skipped or failed since it was
    /// disabled.</summary>
    private async Task RecoverAsync()
    {
        var since = Row.StateChangedAt ?? Clock.GetUtcNow().AddDays(-1);
        var result = await Scopes.RunAsync<RecoverSubscription, Result<Guid>>(User, r => r.ExecuteAsync(Row.Id, since));
        await ReportAsync(result.Error,
            $"{Row.Name} is active again; what was skipped or failed since {since.UtcDateTime:yyyy-MM-dd HH:mm} UTC is being resent.");
    }

    private async Task SendSampleAsync() =>
        await SendSampleDialog.ShowAsync(Dialogs, Row.Id, Row.Name, Row.EventTypes);

    private Task DownloadLogAsync() => DownloadAsync(null);

    private Task DownloadRecentLogAsync() => DownloadAsync(Clock.GetUtcNow().AddDays(-1));

    /// <summary>The browser downloads the log (all of it, or since <paramref name="from"/>) from
    /// <see cref="SubscriptionLogEndpoint"/>, streamed: a circuit never holds it.</summary>
    private async Task DownloadAsync(DateTimeOffset? from)
    {
        var any = await Scopes.RunAsync<SubscriptionLogQuery, bool>(User, q => q.HasAttemptsAsync(Row.Id, from));
        if (!any)
        {
            Snackbar.Add(from is null
                ? "Nothing to download yet: this subscription has no attempts."
                : "Nothing to download: this subscription made no attempts in the last 24 hours.", Severity.Info);
            return;
        }
        var module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/portal.js");
        var url = SubscriptionLogEndpoint.PathFor(Row.Id)
                  + (from is { } start ? "?from=" + Uri.EscapeDataString(start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)) : "");
        await module.InvokeVoidAsync("downloadUrl", url);
        await module.DisposeAsync();
    }

    private async Task DeleteAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete subscription?",
            $"“{Row.Name}” will stop receiving events, and its delivery history is deleted with it. This cannot be undone.",
            yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true)
            return;
        var result = await Scopes.RunAsync<SubscriptionLifecycle, Result<Guid>>(User, l => l.DeleteAsync(Row.Id));
        await ReportAsync(result.Error, $"{Row.Name} was deleted.");
    }

    private async Task ReportAsync(Error? error, string success)
    {
        if (error is not null)
        {
            Snackbar.Add(error.Message, Severity.Error);
            return;
        }
        Snackbar.Add(success, Severity.Success);
        await Changed.InvokeAsync();
    }
}
