namespace Portal.Identity;

/// <summary>Hands the authenticated principal of an HTTP request to the request's <see cref="CurrentUser"/>.</summary>
public sealed class CurrentUserMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context, CurrentUser currentUser)
    {
        currentUser.Set(context.User);
        return next(context);
    }
}
