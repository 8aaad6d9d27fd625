namespace Portal.Features.Handoff;

/// <summary>Where a portal link may land: a path on the portal itself ("/subscriptions?state=paused"), never another
/// site ("https://…", "//host", "/\host" are all refused), so a link can't be turned into an open redirect.</summary>
public static class ReturnPath
{
    public const int MaxLength = 1000;

    public static bool IsLocal(string? path) =>
        path is { Length: > 0 and <= MaxLength }
        && path[0] == '/'
        && (path.Length == 1 || (path[1] != '/' && path[1] != '\\'))
        && !path.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))
        && Uri.IsWellFormedUriString(path, UriKind.Relative);
}
