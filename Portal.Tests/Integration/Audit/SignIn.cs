using System.Net;
using System.Text.RegularExpressions;

namespace Portal.Tests.Integration.Audit;

/// <summary>Posts the real sign-in form (its hidden fields carry the antiforgery token and the form's handler).</summary>
internal static partial class SignIn
{
    public static async Task AsAsync(HttpClient client, string email, string password)
    {
        var page = await client.GetStringAsync(new Uri("/Account/Login", UriKind.Relative));
        var loginForm = page.Split("<form").Single(f => f.Contains("name=\"Input.Email\"", StringComparison.Ordinal));
        var fields = HiddenInput().Matches(loginForm).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value),
            m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        fields["Input.Email"] = email;
        fields["Input.Password"] = password;
        using var form = new FormUrlEncodedContent(fields);
        using var response = await client.PostAsync(new Uri("/Account/Login", UriKind.Relative), form);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect
                    && new Uri(response.RequestMessage!.RequestUri!, response.Headers.Location!).AbsolutePath == "/",
            $"Sign-in answered {(int)response.StatusCode} {response.Headers.Location}; expected a redirect to /.");
    }

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();
}
