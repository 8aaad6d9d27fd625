using System.Text.Json;

namespace Portal.Features.Catalogue;

/// <summary>One row of an event type's field table: its dotted path (<c>data.amount</c>, <c>data.lines[].sku</c>),
/// how deep it is nested, its type, whether its parent requires it, and its description.</summary>
public sealed record SchemaField(string Path, int Depth, string Type, bool Required, string? Description)
{
    /// <summary>The last segment of the path, shown indented by <see cref="Depth"/>.</summary>
    public string Name => Path[(Path.LastIndexOf('.') + 1)..];
}

/// <summary>Reads the fields of a JSON Schema for the catalogue: walks <c>properties</c>, <c>required</c> and array
/// <c>items</c> (following references inside the schema, <c>#/$defs/…</c> or <c>#/definitions/…</c>), nothing more;
/// a schema that is not JSON or has no properties gives no rows.</summary>
public static class SchemaFields
{
    private const int MaxDepth = 8;

    public static IReadOnlyList<SchemaField> Of(string? schema)
    {
        if (string.IsNullOrWhiteSpace(schema))
            return [];
        try
        {
            using var document = JsonDocument.Parse(schema);
            var fields = new List<SchemaField>();
            Walk(document.RootElement, document.RootElement, "", 0, fields);
            return fields;
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static void Walk(JsonElement root, JsonElement schema, string prefix, int depth, List<SchemaField> fields)
    {
        schema = Resolve(root, schema);
        if (depth > MaxDepth || schema.ValueKind != JsonValueKind.Object)
            return;
        if (schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            var required = schema.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.Array
                ? r.EnumerateArray().Where(n => n.ValueKind == JsonValueKind.String).Select(n => n.GetString()!).ToHashSet(StringComparer.Ordinal)
                : [];
            foreach (var property in properties.EnumerateObject())
            {
                var child = Resolve(root, property.Value);
                var path = prefix.Length == 0 ? property.Name : $"{prefix}.{property.Name}";
                fields.Add(new SchemaField(path, depth, TypeOf(root, child), required.Contains(property.Name), Text(child, "description")));
                Walk(root, child, path, depth + 1, fields);
            }
        }
        if (schema.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Object)
            Walk(root, items, prefix + "[]", depth, fields);
    }

    private static string TypeOf(JsonElement root, JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
            return "any";
        var type = schema.TryGetProperty("type", out var t)
            ? t.ValueKind == JsonValueKind.Array
                ? string.Join(" | ", t.EnumerateArray().Select(x => x.GetString()))
                : t.GetString() ?? "any"
            : schema.TryGetProperty("properties", out _) ? "object" : "any";
        if (type == "array" && schema.TryGetProperty("items", out var items))
            type = $"array of {TypeOf(root, Resolve(root, items))}";
        if (Text(schema, "format") is { } format)
            type += $" ({format})";
        if (schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array)
            type += ": " + string.Join(", ", values.EnumerateArray().Select(v => v.ToString()));
        return type;
    }

    /// <summary>Follows a reference inside the document (a JSON pointer from "#"); anything else stays as it is.</summary>
    private static JsonElement Resolve(JsonElement root, JsonElement schema)
    {
        for (var hops = 0; hops < MaxDepth && schema.ValueKind == JsonValueKind.Object
             && Text(schema, "$ref") is { } reference && reference.StartsWith("#/", StringComparison.Ordinal); hops++)
        {
            var target = root;
            foreach (var token in reference[2..].Split('/'))
            {
                var name = Uri.UnescapeDataString(token).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                if (target.ValueKind != JsonValueKind.Object || !target.TryGetProperty(name, out target))
                    return schema;
            }
            schema = target;
        }
        return schema;
    }

    private static string? Text(JsonElement schema, string name) =>
        schema.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
