using Portal.Common;

namespace Portal.Features.Admin.Tenants;

/// <summary>The tenant name rule shared by the admin pages and the platform API: trimmed, 1–100 characters, and
/// unique (the database's index has the last word).</summary>
internal static class TenantNames
{
    public const int MaxLength = 100;

    public static Error? Check(string name) => name.Length is 0 or > MaxLength
        ? Error.Validation("name", $"Give the organisation a name of at most {MaxLength} characters.")
        : null;

    public static string Taken(string name) => $"An organisation named '{name}' already exists.";
}
