using Portal.Identity;

namespace Portal.Components.Shared;

/// <summary>Runs one UI operation in its own DI scope (a fresh DbContext, so two clicks never share one) that acts as
/// the circuit's signed-in user (<see cref="CurrentUser.CreateOperationScope"/>: the scope's <see cref="CurrentUser"/>
/// is the circuit's), so the tenant filter and "by whom" still apply.</summary>
public static class ScopedOperation
{
    public static async Task<T> RunAsync<TService, T>(this IServiceScopeFactory scopes, CurrentUser user,
        Func<TService, Task<T>> operation) where TService : notnull
    {
        await using var scope = user.CreateOperationScope(scopes);
        return await operation(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
