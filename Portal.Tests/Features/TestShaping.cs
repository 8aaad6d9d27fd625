using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Data;
using Portal.Features.Subscriptions.Editor;
using Portal.Shaping;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features;

/// <summary>The real shaping services (Jint sandbox, Fluid templates) over a test database.</summary>
public static class TestShaping
{
    public static void Register(IServiceCollection services, FeatureTestDatabase database)
    {
        services.AddLogging();
        services.TryAddSingleton<TimeProvider>(new FixedClock(TestData.Now));
        services.TryAddScoped<PortalDbContext>(_ => database.CreateContext(database.Tenant));
        services.AddShaping();
        services.AddSingleton<ShapingCheck>();
    }

    /// <summary>A <see cref="ShapingCheck"/> for services built outside a bUnit context (validators).</summary>
    public static ShapingCheck Check(FeatureTestDatabase database)
    {
        var services = new ServiceCollection();
        Register(services, database);
        return services.BuildServiceProvider().GetRequiredService<ShapingCheck>();
    }
}
