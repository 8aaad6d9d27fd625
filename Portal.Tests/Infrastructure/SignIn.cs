using System.Net;
using System.Text.RegularExpressions;

namespace Portal.Tests.Infrastructure;

/// <summary>Posts the real sign-in form (its hidden fields carry the antiforgery token and the form's handler).</summary>
internal static partial class SignIn
{
    /// <summary>Signs in and asserts the portal accepted it (a redirect to the dashboard).</summary>
    public static async Task AsAsync(HttpClient client, string email, string password)
    {
        using var response = await PostAsync(client, email, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect
                    && new Uri(response.RequestMessage!.RequestUri!, response.Headers.Location!).AbsolutePath == "/",
            $"Sign-in answered {(int)response.StatusCode} {response.Headers.Location}; expected a redirect to /.");
    }

    /// <summary>Submits the form and returns the answer as it is (use a non-redirecting client). A
    /// <paramref name="returnUrl"/> goes into the query string, as the browser sends it.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string email, string password,
        string? returnUrl = null)
    {
        var login = new Uri(returnUrl is null ? "/Account/Login" : $"/Account/Login?ReturnUrl={Uri.EscapeDataString(returnUrl)}",
            UriKind.Relative);
        var page = await client.GetStringAsync(login);
        // The page has more than one form (external logins too): take the one with the e-mail input.
        var loginForm = page.Split("<form").Single(f => f.Contains("name=\"Input.Email\"", StringComparison.Ordinal));
        var fields = HiddenInput().Matches(loginForm.Split("</form>")[0]).ToDictionary(
            m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        fields["Input.Email"] = email;
        fields["Input.Password"] = password;
        using var form = new FormUrlEncodedContent(fields);
        return await client.PostAsync(login, form);
    }

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();
}
