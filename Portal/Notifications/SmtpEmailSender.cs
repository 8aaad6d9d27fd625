using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Portal.Domain.Notifications;

namespace Portal.Notifications;

/// <summary>One e-mail to send.</summary>
public sealed record EmailMessage(Guid Id, string To, string Subject, string Body);

/// <summary>Sends e-mail through an SMTP server with MailKit: the configured one for the outbox, or given settings
/// (the admin page's "Send test e-mail" tries the form's values before they are saved).</summary>
public sealed class SmtpEmailSender(IOptionsMonitor<SmtpOptions> options)
{
    private const int TimeoutMs = 30_000;

    public Task<IReadOnlyDictionary<Guid, string?>> SendAsync(IReadOnlyList<OutboxEmail> emails,
        CancellationToken cancellationToken) =>
        SendAsync(options.CurrentValue, [.. emails.Select(e => new EmailMessage(e.Id, e.To, e.Subject, e.Body))],
            cancellationToken);

    /// <summary>Sends each message; returns the error per message id (null when sent). A connection failure
    /// fails them all with the same error.</summary>
    public async Task<IReadOnlyDictionary<Guid, string?>> SendAsync(SmtpOptions smtp, IReadOnlyList<EmailMessage> emails,
        CancellationToken cancellationToken)
    {
        var results = new Dictionary<Guid, string?>();
        using var client = new SmtpClient();
        client.Timeout = TimeoutMs;
        try
        {
            await client.ConnectAsync(smtp.Host ?? "", smtp.Port, ToMailKit(smtp.Security), cancellationToken);
            if (!string.IsNullOrEmpty(smtp.UserName))
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or MailKit.ProtocolException
                                      or MailKit.Security.AuthenticationException or SslHandshakeException
                                      or SmtpCommandException or NotSupportedException or TimeoutException
                                      or ArgumentException)
        {
            foreach (var email in emails)
                results[email.Id] = $"SMTP connection to {smtp.Host}:{smtp.Port} failed: {e.Message}";
            return results;
        }

        foreach (var email in emails)
        {
            try
            {
                await client.SendAsync(ToMime(smtp.From, email), cancellationToken);
                results[email.Id] = null;
            }
            catch (Exception e) when (e is SmtpCommandException or MailKit.ProtocolException or IOException or ParseException)
            {
                results[email.Id] = e.Message;
            }
        }

        if (client.IsConnected)
            await client.DisconnectAsync(quit: true, cancellationToken);
        return results;
    }

    private static MimeMessage ToMime(string from, EmailMessage email)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(email.To));
        message.Subject = email.Subject;
        message.Body = new TextPart("plain") { Text = email.Body };
        return message;
    }

    private static SecureSocketOptions ToMailKit(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };
}
