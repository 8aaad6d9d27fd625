using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Access;
using Portal.Common;
using Portal.Components.Shared;
using Portal.Identity;

namespace Portal.Features.Admin.Tenants;

public partial class PlatformApiKeysPage
{
    private static readonly Dictionary<string, object> TableLabel = new() { ["aria-label"] = "Platform API keys" };
    private IReadOnlyList<ApiKeySummary>? _keys;
    private CreatedApiKey? _created;
    private string _name = "";
    private string? _error;

    [Inject]
    private IServiceScopeFactory Scopes { get; set; } = null!;

    [Inject]
    private CurrentUser User { get; set; } = null!;

    [Inject]
    private IDialogService Dialogs { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        var keys = await Scopes.RunAsync<ApiKeys, IReadOnlyList<ApiKeySummary>>(User, k => k.ListPlatformAsync());
        _keys = [.. keys.Where(k => k.Platform)];
    }

    private async Task CreateAsync()
    {
        var result = await Scopes.RunAsync<ApiKeys, Result<CreatedApiKey>>(User, k => k.CreatePlatformAsync(_name));
        if (result.Error is { } error)
        {
            _error = error.Message;
            return;
        }
        (_created, _name, _error) = (result.Value, "", null);
        await LoadAsync();
    }

    private async Task RevokeAsync(ApiKeySummary key)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync($"Revoke {key.Name}?",
            "Requests with this key are refused from now on. This cannot be undone.", yesText: "Revoke", cancelText: "Cancel");
        if (confirmed != true)
            return;
        var result = await Scopes.RunAsync<ApiKeys, Result<Guid>>(User, k => k.RevokeAsync(key.Id));
        if (result.Error is { } error)
            Snackbar.Add(error.Message, Severity.Error);
        else
            Snackbar.Add($"{key.Name} is revoked.", Severity.Success);
        await LoadAsync();
    }
}
