using System.Globalization;
using Portal.Data;

namespace Portal.Tests.Infrastructure;

/// <summary>A portal host of its own with a real MailDev beside it, the notification job polling every second.
/// With <paramref name="smtpConfigured"/> the host's <c>Smtp</c> section points at MailDev; without it, only what a
/// test saves on the admin page tells the host about SMTP.</summary>
public abstract class MailDevHost(DatabaseProvider provider, bool smtpConfigured) : IAsyncLifetime
{
    public const int PollSeconds = 1;

    public MailDevServer Mail { get; private set; } = null!;
    public PortalAppFactory Factory { get; private set; } = null!;

    /// <summary>Settings of every host in these tests; SMTP comes on top.</summary>
    public static Dictionary<string, string?> FastSettings() => new()
    {
        ["Smtp:PollIntervalSeconds"] = PollSeconds.ToString(CultureInfo.InvariantCulture),
        ["Delivery:IdlePollInterval"] = "00:00:00.200",
    };

    public async Task InitializeAsync()
    {
        Mail = await MailDevServer.StartAsync();
        var settings = FastSettings();
        if (smtpConfigured)
        {
            settings["Smtp:Host"] = "127.0.0.1";
            settings["Smtp:Port"] = Mail.SmtpPort.ToString(CultureInfo.InvariantCulture);
            settings["Smtp:Security"] = "None";
        }
        Factory = await PortalAppFactory.CreateAsync(provider, settings);
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
