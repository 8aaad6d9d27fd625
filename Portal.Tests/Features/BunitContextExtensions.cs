using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;
using Portal.Branding;
using Portal.Data;
using Portal.Features.Audit;
using Portal.Features.Dashboard;
using Portal.Features.Deliveries;
using Portal.Features.Subscriptions.Editor;
using Portal.Features.Subscriptions.List;
using Portal.Identity;
using Portal.Shaping;
using Portal.Tests.Infrastructure;

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
        // The pages' reads: each query over the test database's factory, as the host registers them.
        ctx.Services.TryAddScoped<DeliveryHistoryQuery>();
        ctx.Services.TryAddScoped<DeliveryDetailsQuery>();
        ctx.Services.TryAddScoped<AuditLogQuery>();
        ctx.Services.TryAddScoped<SubscriptionListQuery>();
        ctx.Services.TryAddScoped<SubscriptionEditorQuery>();
        ctx.Services.TryAddScoped<DashboardQuery>();
        ctx.Services.TryAddScoped<TenantNameQuery>();
        // Page titles and the layout read the branding; tests that exercise it register the real options instead.
        ctx.Services.TryAddSingleton(new Brand(new StaticOptionsMonitor<BrandingOptions>(new BrandingOptions())));
        return ctx;
    }

    /// <summary>The audit trail for services that record changes: staged on a scoped context of the test database,
    /// with nobody signed in (actor "system") unless a test sets the <see cref="CurrentUser"/>.</summary>
    public static BunitContext UseAuditTrail(this BunitContext ctx, FeatureTestDatabase database)
    {
        ctx.Services.TryAddScoped<CurrentUser>();
        ctx.Services.AddScoped<PortalDbContext>(_ => database.CreateContext(database.Tenant));
        ctx.Services.AddAuditLog();
        return ctx;
    }

    /// <summary>Payload shaping and its check (preview, catalogue default transformations) over the test database.</summary>
    public static BunitContext UseShaping(this BunitContext ctx, FeatureTestDatabase database)
    {
        TestShaping.Register(ctx.Services, database);
        return ctx;
    }
}
