using System.Globalization;

namespace Portal.Notifications;

/// <summary>What a failure e-mail tells, as the template's placeholder values.</summary>
public sealed record FailureFacts(
    string Subscription, string Url, string Tenant, int FailureCount, string Failures, string LastError,
    DateTimeOffset FailingSince, string HistoryLink)
{
    public IReadOnlyDictionary<string, string> ToValues() => new Dictionary<string, string>
    {
        ["subscription"] = Subscription,
        ["url"] = Url,
        ["tenant"] = Tenant,
        ["failure_count"] = FailureCount.ToString(CultureInfo.InvariantCulture),
        ["failures"] = Failures,
        ["last_error"] = LastError,
        ["failing_since"] = FailingSince.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
        ["history_link"] = HistoryLink,
    };

    /// <summary>The subscription's page; relative when no portal base URL is known.</summary>
    public static string HistoryLinkFor(string? baseUrl, Guid subscriptionId) =>
        $"{(baseUrl ?? "").TrimEnd('/')}/subscriptions/{subscriptionId}";

    /// <summary>An outbox failure line without its leading UTC timestamp ("u" format, then two spaces).</summary>
    public static string WithoutTimestamp(string line)
    {
        var separator = line.IndexOf("  ", StringComparison.Ordinal);
        return separator > 0 ? line[(separator + 2)..] : line;
    }

    /// <summary>Made-up values for the settings page's preview.</summary>
    public static FailureFacts Sample(string? baseUrl, DateTimeOffset now)
    {
        var first = now.AddMinutes(-42);
        var lines = string.Join('\n',
            $"{first:u}  Delivery msg_2fQk8Yw1 (invoice.status) gave up after 5 attempt(s): HTTP 500.",
            $"{now.AddMinutes(-3):u}  Delivery msg_7Hd0aZp4 (invoice.status) gave up after 5 attempt(s): Timeout: no answer in 15 s.");
        return new FailureFacts("Invoices to ERP", "https://erp.example.com/webhooks/portal", "Acme", 2, lines,
            WithoutTimestamp(lines[(lines.LastIndexOf('\n') + 1)..]), first,
            HistoryLinkFor(baseUrl, Guid.Parse("0199a000-0000-7000-8000-00000000cafe")));
    }
}
