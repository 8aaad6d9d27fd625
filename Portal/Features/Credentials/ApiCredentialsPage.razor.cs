using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Access;
using Portal.Common;
using Portal.Components.Shared;
using Portal.Identity;

namespace Portal.Features.Credentials;

/// <summary>The signed-in tenant's API keys and OAuth clients: everyone sees them, owners create and revoke them.</summary>
public partial class ApiCredentialsPage
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

    private bool CanManage => User.IsTenantOwner;

    private string EmptyText => CanManage ? "Create one above; its secret is shown once." : "An owner of your organisation can create one.";

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _keys = [.. (await Scopes.RunAsync<ApiKeys, IReadOnlyList<ApiKeySummary>>(User, k => k.ListAsync())).Select(CredentialRow.From)];
        _clients = [.. (await Scopes.RunAsync<ApiClients, IReadOnlyList<ApiClientSummary>>(User, c => c.ListAsync())).Select(CredentialRow.From)];
    }

    private Task<Error?> CreateKeyAsync(string name, DateTimeOffset? expiresAt) =>
        CredentialActions.CreateAsync(Dialogs, Scopes.RunAsync<ApiKeys, Result<CreatedApiKey>>(User, k => k.CreateAsync(name, expiresAt)),
            CreatedCredential.From, ReloadAsync);

    private Task<Error?> CreateClientAsync(string name, DateTimeOffset? expiresAt) =>
        CredentialActions.CreateAsync(Dialogs, Scopes.RunAsync<ApiClients, Result<CreatedApiClient>>(User, c => c.CreateAsync(name, expiresAt)),
            CreatedCredential.From, ReloadAsync);

    private Task RevokeKeyAsync(CredentialRow key) =>
        CredentialActions.RevokeAsync(Dialogs, Snackbar, key, CredentialActions.KeyRevoked,
            () => Scopes.RunAsync<ApiKeys, Result<Guid>>(User, k => k.RevokeAsync(key.Id)), ReloadAsync);

    private Task RevokeClientAsync(CredentialRow client) =>
        CredentialActions.RevokeAsync(Dialogs, Snackbar, client, CredentialActions.ClientRevoked,
            () => Scopes.RunAsync<ApiClients, Result<Guid>>(User, c => c.RevokeAsync(client.Id)), ReloadAsync);

    /// <summary>The lists change before the dialog opens: re-render now, not when the handler ends.</summary>
    private async Task ReloadAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }
}
