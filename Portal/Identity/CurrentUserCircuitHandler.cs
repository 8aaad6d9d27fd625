using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Portal.Identity;

/// <summary>The one writer of a circuit's <see cref="CurrentUser"/>: hands it the circuit's authentication state when
/// the circuit opens (before its first render) and whenever that state changes (revalidation signed the user out).
/// Scopes the circuit's operations open share that <see cref="CurrentUser"/>
/// (<see cref="CurrentUser.CreateOperationScope"/>), so nothing else sets a principal.</summary>
public sealed class CurrentUserCircuitHandler(AuthenticationStateProvider authenticationStateProvider, CurrentUser currentUser)
    : CircuitHandler, IDisposable
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        authenticationStateProvider.AuthenticationStateChanged += OnAuthenticationChanged;
        return FollowAsync(authenticationStateProvider.GetAuthenticationStateAsync());
    }

    private void OnAuthenticationChanged(Task<AuthenticationState> state) => _ = FollowAsync(state);

    private async Task FollowAsync(Task<AuthenticationState> state) => currentUser.FollowCircuit((await state).User);

    public void Dispose() => authenticationStateProvider.AuthenticationStateChanged -= OnAuthenticationChanged;
}
