using System.Net.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Common;
using Portal.Data;
using Portal.Domain.Access;
using Portal.Domain.Audit;
using Portal.Features.Audit;
using Portal.Identity;
using Portal.Notifications;

namespace Portal.Features.Handoff;

/// <summary>What the platform asks for: whom to sign in, framed or not, where to land, for how long.</summary>
public sealed record PortalLinkRequest(string? Email, bool Embed, string? ReturnUrl, int? ExpiresInMinutes);

public sealed record IssuedPortalLink(string Url, DateTimeOffset ExpiresAt);

/// <summary>The platform's hand-off: a one-time link that signs a person of a tenant into the portal. Refused for a
/// suspended tenant, and for an e-mail that is another tenant's user or an operator: a link never signs anyone into
/// somewhere they don't belong.</summary>
public sealed class IssuePortalLink(
    PortalDbContext db,
    UserManager<PortalUser> users,
    AuditTrail audit,
    IOptionsMonitor<SmtpOptions> smtp,
    TimeProvider clock)
{
    public const int DefaultMinutes = 5;
    public const int MaxMinutes = 60;
    public const string RedeemPath = "/portal-session/";

    /// <param name="requestBaseUrl">The caller's view of the portal (scheme, host, path base), used when no public
    /// portal address is configured.</param>
    public async Task<Result<IssuedPortalLink>> ExecuteAsync(Guid tenantId, PortalLinkRequest request, string requestBaseUrl,
        CancellationToken cancellationToken = default)
    {
        if (Validate(request) is { } invalid)
            return invalid;
        var email = request.Email!.Trim();

        var tenant = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == tenantId, cancellationToken);
        if (tenant is null)
            return Error.NotFound("Tenant not found.");
        if (!tenant.IsActive)
            return Error.Conflict($"The tenant '{tenant.Name}' is suspended; its users cannot sign in.");
        if (await users.FindByEmailAsync(email) is { } user)
        {
            if (user.TenantId != tenantId)
                return Error.Conflict("This e-mail belongs to a user of another tenant.");
            if (await users.IsInRoleAsync(user, PortalRoles.Admin))
                return Error.Conflict("This e-mail belongs to an operator; operators sign in with their own credentials.");
        }

        var now = clock.GetUtcNow();
        var (session, token) = PortalSession.Create(tenantId, email, request.Embed, now,
            TimeSpan.FromMinutes(request.ExpiresInMinutes ?? DefaultMinutes));
        db.PortalSessions.Add(session);
        audit.RecordPlatform(AuditActions.PortalSessionCreated, AuditTargets.PortalSession, session.Id.ToString(), email,
            $"Portal link for {tenant.Name}{(request.Embed ? ", embedded" : "")}, valid until {session.ExpiresAt:yyyy-MM-dd HH:mm:ss} UTC.");
        await db.SaveChangesAsync(cancellationToken);

        var baseUrl = string.IsNullOrWhiteSpace(smtp.CurrentValue.PortalBaseUrl) ? requestBaseUrl : smtp.CurrentValue.PortalBaseUrl;
        var url = baseUrl.TrimEnd('/') + RedeemPath + token
                  + (request.ReturnUrl is { Length: > 0 } path ? "?returnUrl=" + Uri.EscapeDataString(path) : "");
        return new IssuedPortalLink(url, session.ExpiresAt);
    }

    private static Error? Validate(PortalLinkRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (!IsEmail(request.Email?.Trim()))
            errors["email"] = ["Enter the e-mail address of the person to sign in, e.g. jane@customer.example."];
        if (request.ReturnUrl is { Length: > 0 } returnUrl && !ReturnPath.IsLocal(returnUrl))
            errors["returnUrl"] = ["Use a path on the portal, e.g. /subscriptions (no scheme or host)."];
        if (request.ExpiresInMinutes is < 1 or > MaxMinutes)
            errors["expiresInMinutes"] = [$"Use 1 to {MaxMinutes} minutes (default {DefaultMinutes})."];
        return errors.Count == 0 ? null : new Error(ErrorKind.Validation, "Some fields need attention.", errors);
    }

    private static bool IsEmail(string? text) =>
        text is { Length: > 0 and <= PortalSession.MaxEmailLength }
        && MailAddress.TryCreate(text, out var address)
        && address.Address == text && address.DisplayName.Length == 0;
}
