using System.Text.Json;
using Newtonsoft.Json;
using NJsonSchema;

namespace Portal.Features.Publishing;

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

    /// <summary>The parsed schema, or the reason it is not one.</summary>
    public static async Task<(JsonSchema? Schema, string? Problem)> TryParseAsync(string text)
    {
        if (!IsJson(text))
            return (null, "The schema is not valid JSON.");

        using (var document = JsonDocument.Parse(text))
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return (null, "A JSON schema must be a JSON object.");
            if (!root.EnumerateObject().Any(p => SchemaKeywords.Contains(p.Name, StringComparer.Ordinal)))
                return (null, "Not a JSON schema: give at least \"type\", \"properties\" or \"$schema\".");
            // NJsonSchema would fetch an external $ref over the network: only references inside the schema.
            if (HasExternalReference(root))
                return (null, "Only local references (\"$ref\": \"#/...\") are allowed in a schema.");
        }

        try
        {
            return (await JsonSchema.FromJsonAsync(text), null);
        }
        catch (Exception e) when (e is JsonReaderException or JsonSerializationException or InvalidOperationException
                                      or NotSupportedException or ArgumentException or InvalidCastException
                                      or HttpRequestException)
        {
            return (null, $"Not a valid JSON schema: {e.Message}");
        }
    }

    /// <summary>Why <paramref name="json"/> does not match <paramref name="schema"/>; empty when it does.</summary>
    public static async Task<IReadOnlyList<string>> MismatchesAsync(string schema, string json)
    {
        if ((await TryParseAsync(schema)).Schema is not { } parsed || !IsJson(json))
            return [];
        return [.. parsed.Validate(json).Select(e => $"{(string.IsNullOrEmpty(e.Path) ? "#" : e.Path)}: {e.Kind}")];
    }

    private static bool HasExternalReference(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Any(p =>
            (p.Name == "$ref" && p.Value.ValueKind == JsonValueKind.String && !(p.Value.GetString() ?? "").StartsWith('#'))
            || HasExternalReference(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Any(HasExternalReference),
        _ => false,
    };
}
