using Portal.Domain.Common;

namespace Portal.Domain.Notifications;

/// <summary>Where an outbox message stands, as the operators' outbox page shows it.</summary>
public enum OutboxStatus
{
    /// <summary>Waiting to be sent (maybe after failed tries, backing off).</summary>
    Queued,
    Sent,

    /// <summary>Gave up after <see cref="OutboxEmail.MaxAttempts"/> failed tries; an operator may resend it.</summary>
    Failed,
}

/// <summary>A failure-notification e-mail waiting in the outbox. Several failures of one subscription inside the
/// anti-storm window fold into one message (<see cref="Append"/>), sent no earlier than <see cref="NotBefore"/>.
/// The failure lines are kept in <see cref="Failures"/>; <see cref="Subject"/> and <see cref="Body"/> are the
/// rendered template (<see cref="Compose"/>), re-rendered whenever a failure is appended.</summary>
public sealed class OutboxEmail
{
    public const int MaxAttempts = 10;
    public const int MaxSubjectChars = 200;
    private const int MaxFailuresChars = 20_000;

    private OutboxEmail() { To = Subject = Body = Failures = ""; }

    public OutboxEmail(Guid? tenantId, Guid? subscriptionId, string to, string subject, string firstLine,
        DateTimeOffset now, DateTimeOffset notBefore)
    {
        Id = Guid.CreateVersion7(now);
        TenantId = tenantId;
        SubscriptionId = subscriptionId;
        To = Guard.NotBlank(to, "Recipient", 256);
        Subject = Guard.NotBlank(subject, "Subject", MaxSubjectChars);
        Body = Failures = firstLine;
        Items = 1;
        CreatedAt = now;
        NotBefore = notBefore;
    }

    public Guid Id { get; private set; }
    public Guid? TenantId { get; private set; }
    public Guid? SubscriptionId { get; private set; }
    public string To { get; private set; }
    public string Subject { get; private set; }

    /// <summary>The text that is sent.</summary>
    public string Body { get; private set; }

    /// <summary>The failures this message reports, one line each (what the template's {failures} lists).</summary>
    public string Failures { get; private set; }

    /// <summary>How many failures this message summarises.</summary>
    public int Items { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset NotBefore { get; private set; }

    /// <summary>Set while a sender is sending it: nothing may be appended any more (the text is already on its way).</summary>
    public DateTimeOffset? ClaimedAt { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>Failed tries since it was (re)queued: drives the back-off and giving up.</summary>
    public int SendAttempts { get; private set; }

    /// <summary>Every try to send it, successful or not, resends included.</summary>
    public int Attempts { get; private set; }

    /// <summary>How often an operator queued it again.</summary>
    public int Resends { get; private set; }
    public string? LastError { get; private set; }

    public bool IsSent => SentAt is not null;
    public bool IsOpen => !IsSent && ClaimedAt is null && !GaveUp;
    public bool GaveUp => !IsSent && SendAttempts >= MaxAttempts;
    public OutboxStatus Status => IsSent ? OutboxStatus.Sent : GaveUp ? OutboxStatus.Failed : OutboxStatus.Queued;

    /// <summary>The last failure line (what the template's {last_error} shows).</summary>
    public string LastFailure => Failures[(Failures.LastIndexOf('\n') + 1)..];

    public void Append(string line)
    {
        if (!IsOpen)
            throw new DomainException("An e-mail that is being sent, or was, cannot change.");
        Items++;
        if (Failures.Length + line.Length + 1 <= MaxFailuresChars)
            Failures += "\n" + line;
    }

    /// <summary>Sets the rendered text. The subject is one line, cut to what a subject may hold.</summary>
    public void Compose(string subject, string body)
    {
        if (!IsOpen)
            throw new DomainException("An e-mail that is being sent, or was, cannot change.");
        var line = string.Join(' ', subject.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        Subject = line.Length == 0 ? Subject : line.Length > MaxSubjectChars ? line[..MaxSubjectChars] : line;
        Body = body;
    }

    public void Claim(DateTimeOffset now) => ClaimedAt = now;

    public void MarkSent(DateTimeOffset now)
    {
        SentAt = now;
        Attempts++;
        LastError = null;
    }

    /// <summary>Records a failed send; the next try backs off exponentially (1 min, 2 min, 4 min… capped at 1 h).</summary>
    public void MarkFailed(string error, DateTimeOffset now)
    {
        SendAttempts++;
        Attempts++;
        ClaimedAt = null;
        LastError = error.Length > 1000 ? error[..1000] : error;
        var backoff = TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, SendAttempts - 1)));
        NotBefore = now + backoff;
    }

    /// <summary>An operator's resend: a sent or given-up message is queued again, due now, with the same text.</summary>
    public void Requeue(DateTimeOffset now)
    {
        if (Status == OutboxStatus.Queued)
            throw new DomainException("The e-mail is still queued: it will be sent without a resend.");
        SentAt = null;
        ClaimedAt = null;
        SendAttempts = 0;
        Resends++;
        NotBefore = now;
    }
}
