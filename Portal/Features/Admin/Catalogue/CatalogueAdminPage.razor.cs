using MudBlazor;

namespace Portal.Features.Admin.Catalogue;

public sealed partial class CatalogueAdminPage
{
    private static readonly Dictionary<string, object> TableLabel = new() { ["aria-label"] = "Event types" };
    private IReadOnlyList<EventTypeRow>? _types;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync() => _types = await Admin.ListAsync();

    private async Task CreateAsync()
    {
        if (await EventTypeDialog.ShowAsync(Dialogs, null))
            await LoadAsync();
    }

    private async Task EditAsync(EventTypeRow row)
    {
        if (await EventTypeDialog.ShowAsync(Dialogs, row))
            await LoadAsync();
    }

    private async Task ArchiveAsync(EventTypeRow row)
    {
        var count = await Admin.CountSubscriptionsAsync(row.Name);
        var users = count switch
        {
            0 => "No subscription uses it.",
            1 => "1 subscription still uses it; its owner will see a warning.",
            _ => $"{count} subscriptions still use it; their owners will see a warning.",
        };
        var confirmed = await Dialogs.ShowMessageBoxAsync($"Archive {row.Name}?",
            $"{users} Publishing it and new subscriptions to it will be refused until it is restored, so those subscriptions receive no more of it.",
            yesText: "Archive", cancelText: "Cancel");
        if (confirmed != true)
            return;
        var result = await Admin.ArchiveAsync(row.Id);
        Report(result.Error, $"{row.Name} archived.");
        await LoadAsync();
    }

    private async Task RestoreAsync(EventTypeRow row)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync($"Restore {row.Name}?",
            "Tenants can subscribe to it again and it can be published.", yesText: "Restore", cancelText: "Cancel");
        if (confirmed != true)
            return;
        var result = await Admin.RestoreAsync(row.Id);
        Report(result.Error, $"{row.Name} restored.");
        await LoadAsync();
    }

    private void Report(Common.Error? error, string success) =>
        Snackbar.Add(error?.Message ?? success, error is null ? Severity.Success : Severity.Error);
}
