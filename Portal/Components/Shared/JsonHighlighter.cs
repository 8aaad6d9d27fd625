using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;

namespace Portal.Components.Shared;

/// <summary>Colours JSON text for reading: keys, strings, numbers and literals become spans; the text itself,
/// whitespace included, is unchanged.</summary>
public static partial class JsonHighlighter
{
    public static RenderFragment Render(string json) => builder =>
    {
        // Fixed sequence numbers per source line, as Razor emits for loops.
        var position = 0;
        foreach (Match match in Token().Matches(json))
        {
            builder.AddContent(0, json[position..match.Index]);
            builder.OpenElement(1, "span");
            builder.AddAttribute(2, "class", ClassOf(match));
            builder.AddContent(3, match.Value);
            builder.CloseElement();
            position = match.Index + match.Length;
        }
        builder.AddContent(4, json[position..]);
    };

    private static string ClassOf(Match match) =>
        match.Groups["key"].Success ? "json-key"
        : match.Groups["string"].Success ? "json-string"
        : match.Groups["number"].Success ? "json-number"
        : "json-literal";

    [GeneratedRegex("""(?<key>"(?:\\.|[^"\\])*"(?=\s*:))|(?<string>"(?:\\.|[^"\\])*")|(?<literal>\b(?:true|false|null)\b)|(?<number>-?\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)""")]
    private static partial Regex Token();
}
