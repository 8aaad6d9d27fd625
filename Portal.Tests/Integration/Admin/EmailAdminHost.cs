using Portal.Data;
using Portal.Tests.Infrastructure;
using Portal.Tests.Integration.Dispatch;

namespace Portal.Tests.Integration.Admin;

/// <summary>A host of its own (the tests save SMTP settings, which would change a shared host's e-mail) with a real
/// MailDev. Nothing about SMTP is configured: what the tests save on the admin page is all the host knows.</summary>
public abstract class EmailAdminHost(DatabaseProvider provider) : IAsyncLifetime
{
    public MailDevServer Mail { get; private set; } = null!;
    public PortalAppFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Mail = await MailDevServer.StartAsync();
        Factory = await PortalAppFactory.CreateAsync(provider, NotificationHost.FastSettings());
        Factory.StartServer();
    }

    public async Task DisposeAsync()
    {
        if (Factory is not null)
            await Factory.DisposeAsync();
        if (Mail is not null)
            await Mail.DisposeAsync();
    }
}

public sealed class SqliteEmailAdminHost() : EmailAdminHost(DatabaseProvider.Sqlite);

public sealed class PostgresEmailAdminHost() : EmailAdminHost(DatabaseProvider.Postgres);
