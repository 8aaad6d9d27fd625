using System.Linq.Expressions;
using System.Security.Cryptography;
using System.Text;
using Portal.Domain.Common;

namespace Portal.Domain.Access;

/// <summary>A one-time link that signs a person of a tenant into the portal without a password: the platform's
/// backend asks for it (hand-off) and redirects its signed-in customer there. Only the token's SHA-256 hash is
/// stored; the link expires after minutes and works once.</summary>
public sealed class PortalSession : ITenantOwned
{
    public const string TokenPrefix = "ps_";
    public const int MaxEmailLength = 256;
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(7);

    private PortalSession() { Email = TokenHash = ""; }

    private PortalSession(Guid tenantId, string email, bool embed, string token, DateTimeOffset now, TimeSpan lifetime)
    {
        if (lifetime <= TimeSpan.Zero || lifetime > MaxLifetime)
            throw new DomainException($"A portal link lives between a second and {MaxLifetime.TotalDays:0} days.");
        Id = Guid.CreateVersion7(now);
        TenantId = tenantId;
        Email = Guard.NotBlank(email, "E-mail", MaxEmailLength);
        Embed = embed;
        TokenHash = HashToken(token);
        CreatedAt = now;
        ExpiresAt = now + lifetime;
    }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }

    /// <summary>Whom the link signs in (created as a member of the tenant on first use).</summary>
    public string Email { get; private set; }

    /// <summary>Render without the portal's own chrome, for framing inside the platform's UI.</summary>
    public bool Embed { get; private set; }

    public string TokenHash { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public DateTimeOffset? UsedAt { get; private set; }

    public static (PortalSession Session, string Token) Create(Guid tenantId, string email, bool embed, DateTimeOffset now,
        TimeSpan? lifetime = null)
    {
        var token = TokenPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        return (new PortalSession(tenantId, email.Trim(), embed, token, now, lifetime ?? DefaultLifetime), token);
    }

    public static string HashToken(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Unused and unexpired at <paramref name="now"/>: the condition of the one conditional UPDATE that
    /// redeems a link (two simultaneous uses cannot both change the row), and of <see cref="IsUsable"/>.</summary>
    public static Expression<Func<PortalSession, bool>> UsableAt(DateTimeOffset now) =>
        s => s.UsedAt == null && s.ExpiresAt > now;

    public bool IsUsable(DateTimeOffset now) => UsableAt(now).Compile()(this);

    /// <summary>Uses the link up; false when it was used before or has expired.</summary>
    public bool TryRedeem(DateTimeOffset now)
    {
        if (!IsUsable(now))
            return false;
        UsedAt = now;
        return true;
    }
}
