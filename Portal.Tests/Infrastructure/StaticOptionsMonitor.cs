using Microsoft.Extensions.Options;

namespace Portal.Tests.Infrastructure;

/// <summary>Options that never change, for code that reads <see cref="IOptionsMonitor{T}"/>.</summary>
public sealed class StaticOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
