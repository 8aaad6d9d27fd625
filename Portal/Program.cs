using Portal.Api;
using Portal.Data;
using Portal.Dispatch;
using Portal.Features.Inbox;
using Portal.Hosting;
using Portal.Identity;

var builder = WebApplication.CreateBuilder(args);

builder.AddRootDevelopmentSettings();
builder.AddPortalData();
builder.AddPortalIdentity();
builder.AddPortalUi();
builder.AddDelivery();
builder.Services.AddPortalInbox();
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
