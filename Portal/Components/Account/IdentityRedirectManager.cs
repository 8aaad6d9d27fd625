using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Portal.Data;

namespace Portal.Components.Account;

internal sealed class IdentityRedirectManager(NavigationManager navigationManager)
{
    public const string StatusCookieName = "Identity.StatusMessage";

    private static readonly CookieBuilder StatusCookieBuilder = new()
    {
        SameSite = SameSiteMode.Strict,
        HttpOnly = true,
        IsEssential = true,
        MaxAge = TimeSpan.FromSeconds(5),
    };

    /// <summary>Goes to <paramref name="uri"/> when it is on this site, else home: a ReturnUrl comes from the query
    /// string, so anyone can write one.</summary>
    public void RedirectTo(string? uri)
    {
        uri ??= "";
        var relative = uri.StartsWith(navigationManager.BaseUri, StringComparison.OrdinalIgnoreCase)
            ? navigationManager.ToBaseRelativePath(uri)
            : uri;
        navigationManager.NavigateTo(IsLocal(relative) ? relative : "");
    }

    /// <summary>A path on this site ("/x", "Account/x?y"): not protocol-relative ("//host", "/\host"), without a
    /// scheme ("https:", "javascript:"), and without backslashes, white space or control characters, which browsers
    /// read as slashes or drop (" //host" is "//host" to them).</summary>
    internal static bool IsLocal(string uri) =>
        !uri.StartsWith("//", StringComparison.Ordinal)
        && !uri.Any(c => c == '\\' || char.IsWhiteSpace(c) || char.IsControl(c))
        && !uri[..EndOfFirstSegment(uri)].Contains(':', StringComparison.Ordinal);

    private static int EndOfFirstSegment(string uri) => uri.IndexOfAny(['/', '?', '#']) is >= 0 and var end ? end : uri.Length;

    public void RedirectTo(string uri, Dictionary<string, object?> queryParameters)
    {
        var uriWithoutQuery = navigationManager.ToAbsoluteUri(uri).GetLeftPart(UriPartial.Path);
        var newUri = navigationManager.GetUriWithQueryParameters(uriWithoutQuery, queryParameters);
        RedirectTo(newUri);
    }

    public void RedirectToWithStatus(string uri, string message, HttpContext context)
    {
        context.Response.Cookies.Append(StatusCookieName, message, StatusCookieBuilder.Build(context));
        RedirectTo(uri);
    }

    private string CurrentPath => navigationManager.ToAbsoluteUri(navigationManager.Uri).GetLeftPart(UriPartial.Path);

    public void RedirectToCurrentPage() => RedirectTo(CurrentPath);

    public void RedirectToCurrentPageWithStatus(string message, HttpContext context)
        => RedirectToWithStatus(CurrentPath, message, context);

    public void RedirectToInvalidUser(UserManager<PortalUser> userManager, HttpContext context)
        => RedirectToWithStatus("Account/InvalidUser", $"Error: Unable to load user with ID '{userManager.GetUserId(context.User)}'.", context);
}
