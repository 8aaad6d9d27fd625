using Portal.Domain.Access;

namespace Portal.Tests.Infrastructure.Builders;

public sealed class ApiKeyBuilder
{
    private Guid? _tenantId = Guid.NewGuid();
    private string _name = "Backend key";
    private DateTimeOffset _now = TestClock.Now;

    public ApiKeyBuilder ForTenant(Guid tenantId) { _tenantId = tenantId; return this; }

    public ApiKeyBuilder ForPlatform() { _tenantId = null; return this; }

    public ApiKeyBuilder Named(string name) { _name = name; return this; }

    public ApiKeyBuilder At(DateTimeOffset now) { _now = now; return this; }

    /// <summary>A key with a fresh random value, and that value (shown once, never stored).</summary>
    public (ApiKey Key, string Value) Build() => ApiKey.Create(_tenantId, _name, _now);

    public ApiKey BuildWithValue(string value) => ApiKey.FromKnownValue(_tenantId, _name, value, _now);
}
