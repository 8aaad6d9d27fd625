using Portal.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Admin;

/// <summary>A host of its own (the tests save SMTP settings, which would change a shared host's e-mail) with a real
/// MailDev. Nothing about SMTP is configured: what the tests save on the admin page is all the host knows.</summary>
public abstract class EmailAdminHost(DatabaseProvider provider) : MailDevHost(provider, smtpConfigured: false);

public sealed class SqliteEmailAdminHost() : EmailAdminHost(DatabaseProvider.Sqlite);

public sealed class PostgresEmailAdminHost() : EmailAdminHost(DatabaseProvider.Postgres);
