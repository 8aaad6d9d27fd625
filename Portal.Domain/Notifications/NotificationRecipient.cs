using System.Security.Cryptography;
using System.Text;
using Portal.Domain.Common;

namespace Portal.Domain.Notifications;

/// <summary>An address a tenant wants failure e-mail sent to, which is not one of its members: nothing is sent to it
/// until its owner follows the confirmation link (so Portal cannot be used to mail strangers). Only the SHA-256 of
/// the link's token is stored.</summary>
public sealed class NotificationRecipient : ITenantOwned
{
    /// <summary>A confirmation e-mail is sent again at most this often (a tenant saving forms must not mail-bomb).</summary>
    public static readonly TimeSpan ResendAfter = TimeSpan.FromHours(24);

    private NotificationRecipient() { Email = TokenHash = ""; }

    public NotificationRecipient(Guid tenantId, string email, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        TenantId = tenantId;
        Email = Normalize(email);
        TokenHash = "";
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }

    /// <summary>Trimmed, lower-case (<see cref="Normalize"/>).</summary>
    public string Email { get; private set; }

    /// <summary>Hex SHA-256 of the token in the last confirmation link sent.</summary>
    public string TokenHash { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? ConfirmationSentAt { get; private set; }
    public DateTimeOffset? ConfirmedAt { get; private set; }

    public bool IsConfirmed => ConfirmedAt is not null;

    /// <summary>Whether a (new) confirmation link should go out now.</summary>
    public bool NeedsConfirmationMail(DateTimeOffset now) =>
        !IsConfirmed && (ConfirmationSentAt is not { } sent || now - sent >= ResendAfter);

    /// <summary>Issues a new link token (the previous link stops working) and returns it; only its hash is kept.</summary>
    public string IssueToken(DateTimeOffset now)
    {
        if (IsConfirmed)
            throw new DomainException("The address is already confirmed.");
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        TokenHash = HashToken(token);
        ConfirmationSentAt = now;
        return token;
    }

    /// <summary>A link is good for this long after it was sent.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(7);

    /// <summary>Follows the link: false when it has expired. The link works once (its hash is forgotten).</summary>
    public bool Confirm(DateTimeOffset now)
    {
        if (IsConfirmed || ConfirmationSentAt is not { } sent || now - sent > LinkLifetime)
            return false;
        ConfirmedAt = now;
        TokenHash = "";
        return true;
    }

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    public static string HashToken(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
