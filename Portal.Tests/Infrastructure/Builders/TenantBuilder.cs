using Portal.Domain.Tenants;

namespace Portal.Tests.Infrastructure.Builders;

public sealed class TenantBuilder
{
    private string _name = $"Tenant {Guid.NewGuid().ToString("N")[..8]}";
    private DateTimeOffset _now = TestClock.Now;
    private bool _suspended;

    public TenantBuilder Named(string name) { _name = name; return this; }

    public TenantBuilder At(DateTimeOffset now) { _now = now; return this; }

    public TenantBuilder Suspended() { _suspended = true; return this; }

    public Tenant Build()
    {
        var tenant = new Tenant(_name, _now);
        if (_suspended)
            tenant.Suspend();
        return tenant;
    }
}
