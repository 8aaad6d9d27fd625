using Portal.Domain.Common;

namespace Portal.Domain.Notifications;

/// <summary>A failure-notification e-mail waiting in the outbox. Several failures of one subscription inside the
/// anti-storm window fold into one message (<see cref="Append"/>), sent no earlier than <see cref="NotBefore"/>.</summary>
public sealed class OutboxEmail
{
    public const int MaxAttempts = 10;
    private const int MaxBodyChars = 20_000;

    private OutboxEmail() { To = Subject = Body = ""; }

    public OutboxEmail(Guid? tenantId, Guid? subscriptionId, string to, string subject, string firstLine,
        DateTimeOffset now, DateTimeOffset notBefore)
    {
        Id = Guid.CreateVersion7(now);
        TenantId = tenantId;
        SubscriptionId = subscriptionId;
        To = Guard.NotBlank(to, "Recipient", 256);
        Subject = Guard.NotBlank(subject, "Subject", 200);
        Body = firstLine;
        Items = 1;
        CreatedAt = now;
        NotBefore = notBefore;
    }

    public Guid Id { get; private set; }
    public Guid? TenantId { get; private set; }
    public Guid? SubscriptionId { get; private set; }
    public string To { get; private set; }
    public string Subject { get; private set; }
    public string Body { get; private set; }

    /// <summary>How many failures this message summarises.</summary>
    public int Items { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset NotBefore { get; private set; }

    /// <summary>Set while a sender is sending it: nothing may be appended any more (the text is already on its way).</summary>
    public DateTimeOffset? ClaimedAt { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }
    public int SendAttempts { get; private set; }
    public string? LastError { get; private set; }

    public bool IsSent => SentAt is not null;
    public bool IsOpen => !IsSent && ClaimedAt is null && !GaveUp;
    public bool GaveUp => !IsSent && SendAttempts >= MaxAttempts;

    public void Append(string line)
    {
        if (!IsOpen)
            throw new DomainException("An e-mail that is being sent, or was, cannot change.");
        Items++;
        if (Body.Length + line.Length + 1 <= MaxBodyChars)
            Body += "\n" + line;
    }

    public void Claim(DateTimeOffset now) => ClaimedAt = now;

    public void MarkSent(DateTimeOffset now)
    {
        SentAt = now;
        LastError = null;
    }

    /// <summary>Records a failed send; the next try backs off exponentially (1 min, 2 min, 4 min… capped at 1 h).</summary>
    public void MarkFailed(string error, DateTimeOffset now)
    {
        SendAttempts++;
        ClaimedAt = null;
        LastError = error.Length > 1000 ? error[..1000] : error;
        var backoff = TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, SendAttempts - 1)));
        NotBefore = now + backoff;
    }
}
