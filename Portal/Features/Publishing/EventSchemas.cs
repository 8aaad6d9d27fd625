using System.Collections.Concurrent;
using System.Text;
using NJsonSchema;
using NJsonSchema.Validation;
using Portal.Common;
using Portal.Domain.Catalogue;
using Portal.Features.Admin.Catalogue;

namespace Portal.Features.Publishing;

/// <summary>Checks an event's data against its type's JSON Schema as the type's <see cref="SchemaValidation"/>
/// says. Each schema text is parsed once and kept (an edited schema is a new text, so a new entry); a parsed
/// NJsonSchema schema is only read by validation, so concurrent publications share it.</summary>
public sealed class EventSchemas
{
    /// <summary>Bounds the memory of schemas edited many times; the cache simply starts over.</summary>
    private const int MaxEntries = 1000;

    private readonly ConcurrentDictionary<string, Lazy<Task<JsonSchema?>>> _parsed = new(StringComparer.Ordinal);

    /// <summary>Off (or no schema): nothing, at no cost. Warn: the mismatches, as warnings ("data.amount: …").
    /// Reject: a validation error whose fields are the failing paths.</summary>
    public async ValueTask<Result<string[]>> ApplyAsync(string eventType, SchemaValidation mode, string? schema,
        string data)
    {
        // EventType.EffectiveSchemaValidation: without a schema there is nothing to check.
        if (mode == SchemaValidation.Off || schema is null)
            return Array.Empty<string>();
        var mismatches = await MismatchesAsync(schema, data);
        if (mismatches.Count == 0)
            return Array.Empty<string>();
        if (mode == SchemaValidation.Warn)
            return mismatches.Select(m => $"{m.Path}: {m.Problem}").ToArray();

        var fields = mismatches.GroupBy(m => m.Path)
            .ToDictionary(g => g.Key, g => g.Select(m => m.Problem).Distinct().ToArray());
        return new Error(ErrorKind.Validation, $"The data does not match the schema of {eventType}.", fields);
    }

    private async Task<IReadOnlyList<(string Path, string Problem)>> MismatchesAsync(string schema, string data)
    {
        if (_parsed.Count >= MaxEntries)
            _parsed.Clear();
        var parsed = await _parsed.GetOrAdd(schema, text => new Lazy<Task<JsonSchema?>>(() => ParseAsync(text))).Value;
        // The catalogue refuses a schema it cannot parse, so none is stored; were one, it could not be enforced.
        return parsed is null ? [] : [.. Flatten(parsed.Validate(data)).Select(e => (PathOf(e.Path), Describe(e.Kind)))];
    }

    /// <summary>An invalid array item is reported as the item's own problems ("data.lines[1].qty"), not "item not
    /// valid". Other nested reports (anyOf, oneOf…) stay whole: their children list every alternative's failures.</summary>
    private static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors) => errors.SelectMany(e =>
        e is ChildSchemaValidationError { Kind: ValidationErrorKind.ArrayItemNotValid } item && item.Errors.Count > 0
            ? Flatten(item.Errors.SelectMany(c => c.Value))
            : [e]);

    private static async Task<JsonSchema?> ParseAsync(string text) => (await JsonSchemaCheck.TryParseAsync(text)).Schema;

    /// <summary>NJsonSchema's "#/customer.name" or "#/lines[0]" as the request's field: "data.customer.name".</summary>
    private static string PathOf(string? path)
    {
        var inside = (path ?? "").TrimStart('#').TrimStart('/');
        return inside.Length == 0 ? "data" : inside[0] == '[' ? "data" + inside : "data." + inside;
    }

    /// <summary>"IntegerExpected" → "integer expected".</summary>
    private static string Describe(ValidationErrorKind kind)
    {
        var name = kind.ToString();
        var words = new StringBuilder(name.Length + 8);
        foreach (var c in name)
            words.Append(char.IsUpper(c) && words.Length > 0 ? " " : "").Append(char.ToLowerInvariant(c));
        return words.ToString();
    }
}
