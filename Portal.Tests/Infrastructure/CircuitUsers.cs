using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Portal.Identity;

namespace Portal.Tests.Infrastructure;

/// <summary>A <see cref="CurrentUser"/> signed in the way a Blazor circuit's is: the real
/// <see cref="CurrentUserCircuitHandler"/> opens a circuit whose authentication state is the given principal (so tests
/// use the one writer production has, not a setter of their own).</summary>
public static class CircuitUsers
{
    public static CurrentUser SignedIn(ClaimsPrincipal principal) => Open(principal).User;

    /// <summary>The user with its circuit's authentication state, to change it later (sign-out, revalidation).</summary>
    public static (CurrentUser User, FixedAuthenticationState State) Open(ClaimsPrincipal principal)
    {
        var user = new CurrentUser();
        var state = new FixedAuthenticationState(principal);
        var handler = new CurrentUserCircuitHandler(state, user);
        // Circuit has no public constructor; the handler does not look at it.
        var circuit = (Circuit)RuntimeHelpers.GetUninitializedObject(typeof(Circuit));
        var opened = handler.OnCircuitOpenedAsync(circuit, CancellationToken.None);
        if (!opened.IsCompletedSuccessfully)
            throw new InvalidOperationException("The circuit handler did not take the (completed) authentication state at once.");
        return (user, state);
    }

    public static ClaimsPrincipal Principal(params Claim[] claims) => new(new ClaimsIdentity(claims, "test"));

    /// <summary>An authentication state that changes only when a test says so.</summary>
    public sealed class FixedAuthenticationState(ClaimsPrincipal principal) : AuthenticationStateProvider
    {
        private Task<AuthenticationState> _state = Task.FromResult(new AuthenticationState(principal));

        public override Task<AuthenticationState> GetAuthenticationStateAsync() => _state;

        public void Change(ClaimsPrincipal next)
        {
            _state = Task.FromResult(new AuthenticationState(next));
            NotifyAuthenticationStateChanged(_state);
        }
    }
}
