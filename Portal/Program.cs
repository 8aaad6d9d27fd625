using Portal.Access;
using Portal.Api;
using Portal.Branding;
using Portal.Components;
using Portal.Data;
using Portal.Dispatch;
using Portal.Features.Admin;
using Portal.Features.Audit;
using Portal.Features.Catalogue;
using Portal.Features.Dashboard;
using Portal.Features.Deliveries;
using Portal.Features.Handoff;
using Portal.Features.Inbox;
using Portal.Features.Publishing;
using Portal.Features.Subscriptions;
using Portal.Features.Team;
using Portal.Hosting;
using Portal.Identity;
using Portal.Jobs;
using Portal.Notifications;
using Portal.Secrets;
using Portal.Settings;
using Portal.Shaping;

// Each area registers its own services (docs/architecture.md has the map).
var builder = WebApplication.CreateBuilder(args);
var services = builder.Services;

builder.AddRootDevelopmentSettings();
services.AddSingleton(TimeProvider.System);
builder.AddPortalData();
services.AddStoredSettingsStore(builder.Configuration);
services.AddSecrets();
builder.AddPortalIdentity();
builder.AddPortalUi();
services.AddPortalBranding();
services.AddNotifications();
services.AddAuditLog();
services.AddDashboard();
services.AddCatalogue();
services.AddAdmin();
services.AddHandoff();
services.AddTeam();
services.AddShaping();
builder.AddDelivery();
services.AddPublishing();
services.AddDeliveries();
services.AddSubscriptions();
builder.AddMaintenanceJobs();
services.AddPortalInbox();
services.AddPortalAccess();
builder.AddPortalApi();
builder.AddPortalTelemetry();

var app = builder.Build();

await app.InitializePortalDatabaseAsync();
app.UsePortalSecurityHeaders();
app.MapPortalUi();
app.MapPortalInbox();
app.MapPortalApi();
app.MapPortalTelemetry();
app.PrintStartupBanner();

await app.RunAsync();

/// <summary>Entry point; public so integration tests can host it with WebApplicationFactory.</summary>
public partial class Program;
