using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Branding;
using Portal.Data;
using Portal.Domain.Access;
using Portal.Domain.Audit;
using Portal.Domain.Tenants;
using Portal.Features.Audit;
using Portal.Identity;

namespace Portal.Features.Handoff;

/// <summary>Why a portal link did not sign anyone in, for the page that says so (with this status code).</summary>
public sealed record PortalLinkRefusal(int StatusCode, string Title, string Message);

/// <summary>Signed in (go to <see cref="RedirectTo"/>) or refused.</summary>
public sealed record PortalLinkOutcome(string? RedirectTo, PortalLinkRefusal? Refusal);

/// <summary>Uses a portal link up and signs its person in: one conditional UPDATE takes the link (unused, unexpired,
/// tenant active), so of two simultaneous uses exactly one wins; the person becomes a member of the tenant on first
/// use (confirmed e-mail, no password: they can set one under Manage); the Identity cookie is issued, marked
/// embedded when the link asked for it.</summary>
public sealed class RedeemPortalLink(
    PortalDbContext db,
    UserManager<PortalUser> users,
    SignInManager<PortalUser> signIn,
    AuditTrail audit,
    SqliteWriteGate writeGate,
    TimeProvider clock,
    ILogger<RedeemPortalLink> logger)
{
    // 410, not 404: Blazor hands a 404 to the generic not-found page, and this page is the better explanation.
    private static readonly PortalLinkRefusal Unknown = new(StatusCodes.Status410Gone, "Link not valid",
        "This sign-in link is not valid. Open the portal again from your platform to get a new one.");

    public async Task<PortalLinkOutcome> ExecuteAsync(HttpContext http, string token, string? returnUrl,
        CancellationToken cancellationToken = default)
    {
        if (!token.StartsWith(PortalSession.TokenPrefix, StringComparison.Ordinal) || token.Length > 100)
            return Refused(Unknown);
        var hash = PortalSession.HashToken(token);
        var now = clock.GetUtcNow();
        if (!await TakeAsync(hash, now, cancellationToken))
            return Refused(await WhyNotAsync(hash, now, cancellationToken));

        var session = await db.PortalSessions.AsNoTracking().SingleAsync(s => s.TokenHash == hash, cancellationToken);
        var (user, created) = await FindOrCreateUserAsync(session, cancellationToken);
        if (user is null)
            return Refused(new(StatusCodes.Status409Conflict, "Account not available",
                "No account could be opened for this e-mail address. Ask your platform's support."));
        if (user.TenantId != session.TenantId || await users.IsInRoleAsync(user, PortalRoles.Admin))
            return Refused(new(StatusCodes.Status409Conflict, "Link not for this account",
                "This e-mail address belongs to another organisation's account, so the link cannot sign it in here."));
        if (!await signIn.CanSignInAsync(user) || await users.IsLockedOutAsync(user))
            return Refused(new(StatusCodes.Status403Forbidden, "Sign-in not allowed",
                "This account may not sign in at the moment. Ask your organisation's administrator."));

        List<Claim> claims = session.Embed ? [new Claim(PortalClaimTypes.Embed, "true")] : [];
        // Signed in from here on: the request's CurrentUser (and so the audit entry's "by whom") is this person.
        http.User = await signIn.CreateUserPrincipalAsync(user);
        audit.Record(AuditActions.PortalSessionRedeemed, AuditTargets.PortalSession, session.Id.ToString(), session.Email,
            "Signed in with a platform link" + (session.Embed ? " (embedded)" : "") + (created ? "; account created." : "."));
        await db.SaveChangesAsync(cancellationToken);

        if (session.Embed)
            EmbeddedCookies.MarkEmbedSignIn(http);
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, claims);
        return new PortalLinkOutcome(ReturnPath.IsLocal(returnUrl) ? returnUrl : "/", null);
    }

    /// <summary>Marks the link used if it is usable and its tenant active; true for exactly one caller.</summary>
    private async Task<bool> TakeAsync(string hash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var turn = await writeGate.EnterAsync(db, cancellationToken);
        var changed = await db.PortalSessions
            .Where(s => s.TokenHash == hash)
            .Where(PortalSession.UsableAt(now))
            .Where(s => db.Tenants.Any(t => t.Id == s.TenantId && t.Status == TenantStatus.Active))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.UsedAt, now), cancellationToken);
        return changed == 1;
    }

    private async Task<PortalLinkRefusal> WhyNotAsync(string hash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var session = await db.PortalSessions.AsNoTracking().FirstOrDefaultAsync(s => s.TokenHash == hash, cancellationToken);
        if (session is null)
            return Unknown;
        if (session.UsedAt is not null)
            return new(StatusCodes.Status410Gone, "Link already used",
                "This sign-in link has been used already; each link works once. Open the portal again from your platform.");
        if (session.ExpiresAt <= now)
            return new(StatusCodes.Status410Gone, "Link expired",
                "This sign-in link has expired. Open the portal again from your platform to get a new one.");
        return new(StatusCodes.Status403Forbidden, "Organisation suspended",
            "Your organisation's access to the portal is suspended. Ask your platform's support.");
    }

    private async Task<(PortalUser? User, bool Created)> FindOrCreateUserAsync(PortalSession session, CancellationToken cancellationToken)
    {
        if (await users.FindByEmailAsync(session.Email) is { } existing)
            return (existing, false);
        var user = new PortalUser { UserName = session.Email, Email = session.Email, EmailConfirmed = true, TenantId = session.TenantId };
        try
        {
            var result = await users.CreateAsync(user);
            if (result.Succeeded)
                return (user, true);
            logger.LogWarning("A portal link could not create the account of {Email}: {Errors}", session.Email,
                string.Join(" ", result.Errors.Select(e => e.Description)));
        }
        catch (DbUpdateException e)
        {
            // Two links for the same new person used at once: the other one created the account (unique user name).
            logger.LogInformation(e, "The account of {Email} was created by a simultaneous portal link.", session.Email);
            db.Entry(user).State = EntityState.Detached;
        }

        cancellationToken.ThrowIfCancellationRequested();
        return (await users.FindByEmailAsync(session.Email), false);
    }

    private static PortalLinkOutcome Refused(PortalLinkRefusal refusal) => new(null, refusal);
}
