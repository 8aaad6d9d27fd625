using FluentValidation.Results;

namespace Portal.Common;

public static class ValidationErrors
{
    /// <summary>FluentValidation failures as one validation <see cref="Error"/>, grouped by field (camelCase, as the
    /// API shows them; the UI maps them back to its fields).</summary>
    public static Error ToError(this ValidationResult result)
    {
        var fields = result.Errors
            .GroupBy(e => CamelCase(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
        return new Error(ErrorKind.Validation, "Some fields need attention.", fields);
    }

    private static string CamelCase(string path) =>
        string.Join('.', path.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
}
