using Portal.Identity;

namespace Portal.Components.Shared;

/// <summary>Runs one UI operation in its own DI scope (a fresh DbContext, so two clicks never share one), carrying
/// the circuit's signed-in user into that scope so the tenant filter and "by whom" still apply.</summary>
public static class ScopedOperation
{
    public static async Task<T> RunAsync<TService, T>(this IServiceScopeFactory scopes, CurrentUser user,
        Func<TService, Task<T>> operation) where TService : notnull
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(user.Principal);
        return await operation(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
