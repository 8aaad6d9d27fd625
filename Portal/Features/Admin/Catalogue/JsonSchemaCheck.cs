using System.Text.Json;
using Newtonsoft.Json;
using NJsonSchema;

namespace Portal.Features.Admin.Catalogue;

/// <summary>JSON and JSON Schema checks for the catalogue form. NJsonSchema reads the schema (it refuses keywords of
/// the wrong shape, e.g. <c>"required": 5</c>); an object with no schema keyword at all is refused too, since
/// NJsonSchema would accept <c>{"foo": 1}</c> as a schema that allows everything.</summary>
public static class JsonSchemaCheck
{
    private static readonly string[] SchemaKeywords =
        ["$schema", "type", "properties", "$ref", "allOf", "anyOf", "oneOf", "enum", "const", "items"];

    public static bool IsJson(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return false;
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    /// <summary>The parsed schema, or null with the reason it is not one.</summary>
    public static JsonSchema? TryParse(string text, out string? problem)
    {
        problem = null;
        if (!IsJson(text))
        {
            problem = "The schema is not valid JSON.";
            return null;
        }

        using (var document = JsonDocument.Parse(text))
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "A JSON schema must be a JSON object.";
                return null;
            }

            if (!root.EnumerateObject().Any(p => SchemaKeywords.Contains(p.Name, StringComparer.Ordinal)))
            {
                problem = "Not a JSON schema: give at least \"type\", \"properties\" or \"$schema\".";
                return null;
            }
        }

        try
        {
            // Synchronous on purpose: the text holds no external $ref to fetch, and FluentValidation rules are sync.
            return JsonSchema.FromJsonAsync(text).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is JsonReaderException or JsonSerializationException or InvalidOperationException
                                      or NotSupportedException or ArgumentException or InvalidCastException
                                      or HttpRequestException)
        {
            problem = $"Not a valid JSON schema: {e.Message}";
            return null;
        }
    }

    /// <summary>Why <paramref name="json"/> does not match <paramref name="schema"/>; empty when it does.</summary>
    public static IReadOnlyList<string> Mismatches(string schema, string json)
    {
        if (TryParse(schema, out _) is not { } parsed || !IsJson(json))
            return [];
        return [.. parsed.Validate(json).Select(e => $"{(string.IsNullOrEmpty(e.Path) ? "#" : e.Path)}: {e.Kind}")];
    }
}
