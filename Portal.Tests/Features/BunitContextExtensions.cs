using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Portal.Tests.Features;

public static class BunitContextExtensions
{
    /// <summary>What Portal's pages need from DI: MudBlazor, loose JS interop, the test database (filtered to its
    /// current tenant) and a clock fixed at <see cref="TestData.Now"/>.</summary>
    public static BunitContext UsePortalServices(this BunitContext ctx, FeatureTestDatabase database)
    {
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddSingleton(database.Factory);
        ctx.Services.AddSingleton<TimeProvider>(new FixedClock(TestData.Now));
        return ctx;
    }
}
