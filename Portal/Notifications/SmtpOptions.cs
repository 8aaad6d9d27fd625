using System.ComponentModel.DataAnnotations;

namespace Portal.Notifications;

public enum SmtpSecurity
{
    /// <summary>Plain connection (a local relay, test servers).</summary>
    None,

    /// <summary>Upgrade with STARTTLS (port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,
}

/// <summary>The <c>Smtp</c> section. Without a host, e-mail stays in the outbox (visible to operators).</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "Portal <webhooks@portal.local>";

    /// <summary>At most one failure e-mail per subscription in this window; later failures are summarised.</summary>
    public TimeSpan NotificationWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The failure e-mail's subject, with placeholders (<see cref="NotificationTemplate"/>).</summary>
    public string SubjectTemplate { get; set; } = NotificationTemplate.DefaultSubject;

    /// <summary>The failure e-mail's body, with placeholders (<see cref="NotificationTemplate"/>).</summary>
    public string BodyTemplate { get; set; } = NotificationTemplate.DefaultBody;

    /// <summary>The portal's public address, for links in e-mail (e.g. https://webhooks.example.com).</summary>
    public string? PortalBaseUrl { get; set; }

    /// <summary>How often the outbox is checked for due e-mail, in seconds (a divisor of 60 keeps the spacing even).</summary>
    [Range(1, 59)]
    public int PollIntervalSeconds { get; set; } = 15;

    /// <summary>The notification job's schedule. A cron trigger, because every node of a cluster declares it at
    /// start-up and Quartz fires it once per period (a re-declared StartNow simple trigger fired twice).</summary>
    public string PollCron => $"0/{PollIntervalSeconds} * * * * ?";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}
