using System.Text.RegularExpressions;

namespace Portal.Domain.Catalogue;

/// <summary>Event type names look like <c>object.action</c>: <c>invoice.status</c>, <c>Invoice.SUBMITTED</c>, or a
/// single code such as Aptic's <c>ledgerpayment</c>.</summary>
public static partial class EventTypeName
{
    public const int MaxLength = 100;

    // \z, not $: in .NET, $ also matches before a final newline, which let "invoice.status\n" through.
    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_\-]*(\.[A-Za-z0-9_\-]+)*\z")]
    private static partial Regex Pattern();

    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxLength && Pattern().IsMatch(name);
}
