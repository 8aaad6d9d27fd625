using System.Security.Cryptography;

namespace Portal.Identity;

/// <summary>Initial passwords for users someone else adds (an operator, or a tenant owner adding a colleague); shown
/// once to whoever added the user.</summary>
public static class GeneratedPasswords
{
    /// <summary>Meets the Identity password rules: upper, lower, digit and symbol, 22 characters.</summary>
    public static string Create() =>
        "Pw-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('/', 'x').Replace('+', 'y') + "a1!";
}
