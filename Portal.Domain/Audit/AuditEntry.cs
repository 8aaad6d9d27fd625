using Portal.Domain.Common;

namespace Portal.Domain.Audit;

/// <summary>One line of the audit log: who did what to which thing, and when. Written in the same transaction as
/// the change it describes; never updated afterwards. <see cref="TenantId"/> is null for platform-level entries
/// (operators' work), which only operators see.</summary>
public sealed class AuditEntry
{
    public const int ActionMaxLength = 64;
    public const int ActorMaxLength = 256;
    public const int TargetTypeMaxLength = 64;
    public const int TargetIdMaxLength = 128;
    public const int TargetNameMaxLength = 256;
    public const int DetailsMaxLength = 2000;

    private AuditEntry() { Action = Actor = TargetType = TargetId = TargetName = ""; }

    public AuditEntry(Guid? tenantId, AuditActor actor, string action, string targetType, string targetId,
        string targetName, string? details, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        OccurredAt = now;
        TenantId = tenantId;
        ActorId = Cut(actor.Id, ActorMaxLength);
        Actor = Cut(Guard.NotBlank(actor.Display, "Actor", int.MaxValue), ActorMaxLength)!;
        Action = Guard.NotBlank(action, "Action", ActionMaxLength);
        TargetType = Guard.NotBlank(targetType, "Target type", TargetTypeMaxLength);
        TargetId = Cut(targetId ?? "", TargetIdMaxLength)!;
        TargetName = Cut(targetName ?? "", TargetNameMaxLength)!;
        Details = string.IsNullOrWhiteSpace(details) ? null : Cut(details.Trim(), DetailsMaxLength);
    }

    public Guid Id { get; private set; }
    public DateTimeOffset OccurredAt { get; private set; }
    public Guid? TenantId { get; private set; }

    /// <summary>The user id, API key id or OAuth client id; null for the system.</summary>
    public string? ActorId { get; private set; }

    /// <summary>What a reader sees: the user's e-mail, "API key &lt;name&gt;", "OAuth client &lt;id&gt;" or "system".</summary>
    public string Actor { get; private set; }

    /// <summary>"object.verb", e.g. <c>subscription.updated</c>; see <see cref="AuditActions"/>.</summary>
    public string Action { get; private set; }

    public string TargetType { get; private set; }
    public string TargetId { get; private set; }
    public string TargetName { get; private set; }

    /// <summary>What changed, in words (field names, not values; never a secret).</summary>
    public string? Details { get; private set; }

    /// <summary>Long texts are cut with an ellipsis rather than refused: an audit entry must never stop a change.</summary>
    private static string? Cut(string? text, int max) =>
        text is null || text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
