using System.Text.RegularExpressions;

namespace Portal.Notifications;

/// <summary>The failure e-mail's subject and body: text with <c>{placeholder}</c>s (<c>{{</c> and <c>}}</c> for
/// literal braces). Unknown placeholders are refused by the settings form and left as written when rendering.</summary>
public static partial class NotificationTemplate
{
    public const string DefaultSubject = "Webhook failing: {subscription}";

    public const string DefaultBody = """
        Deliveries to your webhook "{subscription}" are failing.

        Endpoint: {url}
        Organisation: {tenant}
        Failing since: {failing_since}
        Failures in this e-mail: {failure_count}
        Last error: {last_error}

        {failures}

        Delivery history: {history_link}

        You receive this e-mail because failure notifications are on for this subscription.
        """;

    /// <summary>Every placeholder, with what it stands for (shown on the settings page).</summary>
    public static IReadOnlyDictionary<string, string> Placeholders { get; } = new Dictionary<string, string>
    {
        ["subscription"] = "the subscription's name",
        ["url"] = "its endpoint URL",
        ["tenant"] = "the organisation that owns it",
        ["failure_count"] = "how many failures this e-mail reports",
        ["failures"] = "those failures, one line each, with their time",
        ["last_error"] = "the latest failure",
        ["failing_since"] = "when the endpoint started failing (UTC)",
        ["history_link"] = "a link to the subscription in the portal",
    };

    public static string Render(string template, IReadOnlyDictionary<string, string> values) =>
        Token().Replace(template, m => m.Value switch
        {
            "{{" => "{",
            "}}" => "}",
            _ => values.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value,
        });

    /// <summary>The placeholders in <paramref name="template"/> that are not in <see cref="Placeholders"/>.</summary>
    public static IReadOnlyList<string> UnknownPlaceholders(string? template) =>
        string.IsNullOrEmpty(template)
            ? []
            : Token().Matches(template).Where(m => m.Groups[1].Success && !Placeholders.ContainsKey(m.Groups[1].Value))
                .Select(m => m.Value).Distinct().ToList();

    [GeneratedRegex(@"\{\{|\}\}|\{([^{}\s]+)\}")]
    private static partial Regex Token();
}
