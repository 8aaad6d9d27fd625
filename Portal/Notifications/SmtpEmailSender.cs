using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Portal.Domain.Notifications;

namespace Portal.Notifications;

/// <summary>Sends outbox messages through the configured SMTP server with MailKit.</summary>
public sealed class SmtpEmailSender(IOptionsMonitor<SmtpOptions> options)
{
    /// <summary>Sends each message; returns the error per message id (null when sent). A connection failure
    /// fails them all with the same error.</summary>
    public async Task<IReadOnlyDictionary<Guid, string?>> SendAsync(IReadOnlyList<OutboxEmail> emails,
        CancellationToken cancellationToken)
    {
        var results = new Dictionary<Guid, string?>();
        var smtp = options.CurrentValue;
        using var client = new SmtpClient();
        client.Timeout = 30_000;
        try
        {
            await client.ConnectAsync(smtp.Host ?? "", smtp.Port, ToMailKit(smtp.Security), cancellationToken);
            if (!string.IsNullOrEmpty(smtp.UserName))
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or MailKit.ProtocolException
                                      or MailKit.Security.AuthenticationException or SslHandshakeException)
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

    private static MimeMessage ToMime(string from, OutboxEmail email)
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
