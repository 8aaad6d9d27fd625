namespace Portal.Domain.Dispatch;

/// <summary>Removes known secret values from free text (exception messages, logs) before it is stored or written.</summary>
public static class SecretRedactor
{
    public const string Mask = "***";

    /// <summary>Replaces every occurrence of each secret, and of its URL-encoded form (how a query token shows up in
    /// an error that quotes the URL), with <see cref="Mask"/>. Longer secrets go first so one that contains another
    /// is masked whole.</summary>
    public static string Redact(string text, IEnumerable<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(text);
        var forms = secrets
            .Where(s => !string.IsNullOrEmpty(s))
            .SelectMany(s => new[] { s!, Uri.EscapeDataString(s!) })
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length);
        foreach (var secret in forms)
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        return text;
    }
}
