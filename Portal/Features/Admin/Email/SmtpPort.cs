using Portal.Notifications;

namespace Portal.Features.Admin.Email;

/// <summary>The port the SMTP form proposes for a TLS mode: 25 for none, 587 for STARTTLS, 465 for TLS on connect.
/// A port the admin typed (any other number) is theirs and stays when the mode changes.</summary>
public static class SmtpPort
{
    public static int Default(SmtpSecurity security) => security switch
    {
        SmtpSecurity.StartTls => 587,
        SmtpSecurity.SslOnConnect => 465,
        _ => 25,
    };

    public static int AfterSecurityChange(int port, SmtpSecurity security) =>
        port is 25 or 587 or 465 or 0 ? Default(security) : port;
}
