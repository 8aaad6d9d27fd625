using System.Text.RegularExpressions;
using Portal.E2E.Infrastructure;
using Portal.E2E.Pages;
using Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E.Scenarios;

[Collection(PortalCollection.Name)]
public sealed class AdminTests(PortalFixture portal)
{
    private const string AdminEmail = "admin@portal.local";
    private const string AdminPassword = "Portal-demo-2026!";

    [Fact]
    public async Task Admin_sets_up_smtp_with_a_test_email_adds_an_event_type_and_suspends_then_reactivates_a_tenant()
    {
        await using var mail = await MailDevServer.StartAsync();
        await using var session = await portal.NewSessionAsync("admin");
        var page = session.Page;
        var email = new EmailSettingsPage(page, session.Circuit);
        var admin = new AdminPages(page, session.Circuit);
        var suffix = Guid.NewGuid().ToString("N")[..8];

        await new LoginPage(page).GotoAsync();
        await new LoginPage(page).SignInAsync(AdminEmail, AdminPassword);

        await session.StepAsync("email-test-sent", async () =>
        {
            await email.NavigateAsync("E-mail");
            await Expect(page).ToHaveURLAsync(new Regex("/admin/email$"));
            await email.WaitUntilInteractiveAsync();
            await Expect(email.Field("testRecipient")).ToHaveValueAsync(AdminEmail);
            await email.ConfigureSmtpAsync("127.0.0.1", mail.SmtpPort, "None (plain text)");
            await email.SendTest.ClickAsync();
            await Expect(email.TestResult("sent")).ToContainTextAsync($"Test e-mail sent to {AdminEmail}");
            await mail.WaitForEmailsAsync(e => e.To.Contains(AdminEmail) && e.Subject == "Portal test e-mail", 1,
                TimeSpan.FromSeconds(15));
        });

        await session.StepAsync("email-saved", async () =>
        {
            await Expect(email.Source("configuration")).ToBeVisibleAsync();
            await email.Save.ClickAsync();
            await Expect(page.GetByText("E-mail settings saved.")).ToBeVisibleAsync();
            await Expect(email.Source("stored")).ToBeVisibleAsync();
        });

        await session.StepAsync("outbox", async () =>
        {
            await email.NavigateAsync("Outbox");
            await Expect(page).ToHaveURLAsync(new Regex("/admin/outbox$"));
            await Expect(email.Heading("Outbox")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Outbox" })).ToBeVisibleAsync();
        });

        await session.StepAsync("event-type-created", async () =>
        {
            await admin.NavigateAsync("Event types");
            await Expect(page).ToHaveURLAsync(new Regex("/admin/catalogue$"));
            await admin.WaitUntilInteractiveAsync();
            await admin.CreateEventTypeAsync($"payment.e2e_{suffix}", "Payments", "A payment was received (E2E).");
            await Expect(admin.EventTypesTable.GetByText($"payment.e2e_{suffix}")).ToBeVisibleAsync();
        });

        var tenant = $"E2E Org {suffix}";
        await session.StepAsync("tenant-suspended", async () =>
        {
            await admin.NavigateAsync("Overview");
            await Expect(page).ToHaveURLAsync(new Regex("/admin$"));
            await admin.WaitUntilInteractiveAsync();
            await admin.CreateTenantAsync(tenant);
            await page.GetByRole(AriaRole.Link, new() { Name = tenant, Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/admin/tenants/[0-9a-f-]{36}$"));
            await Expect(admin.Heading(tenant)).ToBeVisibleAsync();
            await admin.Button($"Suspend {tenant}").ClickAsync();
            await admin.Confirm("Suspend").ClickAsync();
            await Expect(page.GetByText($"{tenant} is suspended.")).ToBeVisibleAsync();
            await Expect(admin.Button($"Reactivate {tenant}")).ToBeVisibleAsync();
        });

        await session.StepAsync("tenant-reactivated", async () =>
        {
            await admin.Button($"Reactivate {tenant}").ClickAsync();
            await admin.Confirm("Reactivate").ClickAsync();
            await Expect(page.GetByText($"{tenant} is active again.")).ToBeVisibleAsync();
            await Expect(admin.Button($"Suspend {tenant}")).ToBeVisibleAsync();
        });
    }
}
