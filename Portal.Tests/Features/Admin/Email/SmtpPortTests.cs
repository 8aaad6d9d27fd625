using Portal.Features.Admin.Email;
using Portal.Notifications;

namespace Portal.Tests.Features.Admin.Email;

public sealed class SmtpPortTests
{
    [Theory]
    [InlineData(587, SmtpSecurity.SslOnConnect, 465)]
    [InlineData(465, SmtpSecurity.StartTls, 587)]
    [InlineData(587, SmtpSecurity.None, 25)]
    [InlineData(25, SmtpSecurity.StartTls, 587)]
    [InlineData(2525, SmtpSecurity.SslOnConnect, 2525)]
    [InlineData(1025, SmtpSecurity.None, 1025)]
    public void The_port_follows_the_TLS_mode_unless_it_was_typed(int port, SmtpSecurity security, int expected) =>
        Assert.Equal(expected, SmtpPort.AfterSecurityChange(port, security));
}
