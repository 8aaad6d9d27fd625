using System.Net;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Domain.Notifications;

namespace Portal.Features.Admin.Outbox;

/// <summary>The operators' outbox: server-side paging and status filter, the message text, resend with a confirmation.</summary>
public sealed partial class OutboxPage
{
    public const int PageSize = 25;
    private static readonly int[] PageSizes = [25, 50, 100];
    private static readonly Dictionary<string, object> TableLabel = new() { ["aria-label"] = "Outbox" };

    private MudTable<OutboxRow>? _table;
    private OutboxStatus? _status;

    [Inject] private OutboxQuery Query { get; set; } = default!;
    [Inject] private ResendEmail Resend { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    private async Task<TableData<OutboxRow>> LoadPageAsync(TableState state, CancellationToken cancellationToken)
    {
        var page = await Query.PageAsync(_status, state.Page, state.PageSize, cancellationToken);
        return new TableData<OutboxRow> { Items = page.Rows, TotalItems = page.Total };
    }

    private async Task StatusChangedAsync(OutboxStatus? status)
    {
        _status = status;
        await ReloadAsync();
    }

    private async Task ReloadAsync()
    {
        if (_table is not null)
            await _table.ReloadServerData();
    }

    private async Task ShowAsync(OutboxRow row)
    {
        var text = $"<p>To {WebUtility.HtmlEncode(row.To)}</p><pre style=\"white-space:pre-wrap\">{WebUtility.HtmlEncode(row.Body)}</pre>";
        await Dialogs.ShowMessageBoxAsync(row.Subject, (MarkupString)text, yesText: "Close",
            options: new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseButton = true });
    }

    private async Task ResendAsync(OutboxRow row)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Resend this e-mail?",
            $"\"{row.Subject}\" is queued again for {row.To} and sent at the next poll of the outbox (within seconds, if SMTP is set up).",
            yesText: "Resend", cancelText: "Cancel");
        if (confirmed != true)
            return;
        var result = await Resend.ExecuteAsync(row.Id);
        Snackbar.Add(result.Error?.Message ?? $"Queued again for {row.To}.", result.Error is null ? Severity.Success : Severity.Error);
        await ReloadAsync();
    }
}
