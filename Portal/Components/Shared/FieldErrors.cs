using FluentValidation.Results;

namespace Portal.Components.Shared;

/// <summary>Validation messages by field, for showing each next to its input. Keys compare case-insensitively so
/// FluentValidation's "Url" and the service's camelCase "url" (Result errors) land on the same field.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.OrdinalIgnoreCase);

    public bool Any => _errors.Count > 0;

    public bool Has(string field) => _errors.ContainsKey(field);

    /// <summary>The first message only: one clear instruction per field.</summary>
    public string? For(string field) => _errors.TryGetValue(field, out var messages) ? messages.FirstOrDefault() : null;

    public void Clear() => _errors.Clear();

    public void Set(ValidationResult result)
    {
        _errors.Clear();
        foreach (var group in result.Errors.GroupBy(e => e.PropertyName, StringComparer.OrdinalIgnoreCase))
            _errors[group.Key] = group.Select(e => e.ErrorMessage).Distinct().ToArray();
    }

    public void Set(IReadOnlyDictionary<string, string[]>? fields)
    {
        _errors.Clear();
        foreach (var (field, messages) in fields ?? new Dictionary<string, string[]>())
            _errors[field] = messages;
    }
}
