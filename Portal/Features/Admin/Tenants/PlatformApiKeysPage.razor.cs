using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Access;
using Portal.Common;
using Portal.Components.Shared;
using Portal.Features.Credentials;
using Portal.Identity;

namespace Portal.Features.Admin.Tenants;

/// <summary>Operators' credentials: platform API keys and platform OAuth clients (no tenant; they act on any tenant).</summary>
public partial class PlatformApiKeysPage
{
    private IReadOnlyList<CredentialRow>? _keys;
    private IReadOnlyList<CredentialRow>? _clients;

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
        _keys = [.. (await Scopes.RunAsync<ApiKeys, IReadOnlyList<ApiKeySummary>>(User, k => k.ListPlatformAsync())).Select(CredentialRow.From)];
        _clients = [.. (await Scopes.RunAsync<ApiClients, IReadOnlyList<ApiClientSummary>>(User, c => c.ListPlatformAsync())).Select(CredentialRow.From)];
    }

    private Task<Error?> CreateKeyAsync(string name, DateTimeOffset? expiresAt) =>
        CredentialActions.CreateAsync(Dialogs,
            Scopes.RunAsync<ApiKeys, Result<CreatedApiKey>>(User, k => k.CreatePlatformAsync(name, expiresAt)),
            CreatedCredential.From, ReloadAsync);

    private Task<Error?> CreateClientAsync(string name, DateTimeOffset? expiresAt) =>
        CredentialActions.CreateAsync(Dialogs,
            Scopes.RunAsync<ApiClients, Result<CreatedApiClient>>(User, c => c.CreatePlatformAsync(name, expiresAt)),
            CreatedCredential.From, ReloadAsync);

    private Task RevokeKeyAsync(CredentialRow key) =>
        CredentialActions.RevokeAsync(Dialogs, Snackbar, key, CredentialActions.KeyRevoked,
            () => Scopes.RunAsync<ApiKeys, Result<Guid>>(User, k => k.RevokeAsync(key.Id)), ReloadAsync);

    private Task RevokeClientAsync(CredentialRow client) =>
        CredentialActions.RevokeAsync(Dialogs, Snackbar, client, CredentialActions.ClientRevoked,
            () => Scopes.RunAsync<ApiClients, Result<Guid>>(User, c => c.RevokeAsync(client.Id)), ReloadAsync);

    private async Task ReloadAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }
}
