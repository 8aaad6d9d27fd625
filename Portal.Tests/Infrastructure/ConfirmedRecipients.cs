using Microsoft.AspNetCore.Mvc.Testing;
using Portal.Data;
using Portal.Domain.Notifications;

namespace Portal.Tests.Infrastructure;

public static class ConfirmedRecipients
{
    /// <summary>Stores <paramref name="email"/> as confirmed for the tenant, as if its owner had followed the link.</summary>
    public static async Task ConfirmNotificationAddressAsync(this WebApplicationFactory<Program> factory, Guid tenantId, string email)
    {
        await using var scope = factory.CreateScope();
        var db = scope.Get<PortalDbContext>();
        var recipient = new NotificationRecipient(tenantId, email, DateTimeOffset.UtcNow);
        recipient.IssueToken(DateTimeOffset.UtcNow);
        recipient.Confirm(DateTimeOffset.UtcNow);
        db.NotificationRecipients.Add(recipient);
        await db.SaveChangesAsync();
    }
}
