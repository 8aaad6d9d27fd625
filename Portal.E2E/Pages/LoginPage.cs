using System.Text.RegularExpressions;

namespace Portal.E2E.Pages;

/// <summary>/Account/Login: static server rendering, so a plain form post signs in (no circuit to wait for).</summary>
public sealed partial class LoginPage(IPage page)
{
    public const string Path = "Account/Login";

    // Whole label only, optionally with a required-field mark: "Password" must not also match e.g. a
    // "Toggle password visibility" button or "Forgot your password?".
    public ILocator Email => page.GetByLabel(EmailLabel());

    public ILocator Password => page.GetByLabel(PasswordLabel());

    public ILocator LogIn => page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true });

    public ILocator Error => page.GetByText(InvalidLoginAttempt()).First;

    public async Task GotoAsync() => await page.GotoAsync(Path);

    public async Task SignInAsync(string email, string password)
    {
        await Email.FillAsync(email);
        await Password.FillAsync(password);
        await LogIn.ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
    }

    public static Regex UrlPattern() => LoginUrl();

    [GeneratedRegex(@"^\s*Email\s*\*?\s*$")]
    private static partial Regex EmailLabel();

    [GeneratedRegex(@"^\s*Password\s*\*?\s*$")]
    private static partial Regex PasswordLabel();

    [GeneratedRegex("invalid login attempt", RegexOptions.IgnoreCase)]
    private static partial Regex InvalidLoginAttempt();

    [GeneratedRegex("/Account/Login", RegexOptions.IgnoreCase)]
    private static partial Regex LoginUrl();
}
