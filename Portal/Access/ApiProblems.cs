using Microsoft.AspNetCore.Mvc;

namespace Portal.Access;

/// <summary>Writes an RFC 7807 body for responses produced outside endpoints (challenges, rate limiting, limits),
/// so API clients never get an empty body or the portal's HTML pages.</summary>
public static class ApiProblems
{
    public static async Task WriteAsync(HttpContext context, int status, string title, string? detail = null,
        IDictionary<string, object?>? extensions = null)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
            problem.Extensions[key] = value;
        var writer = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await writer.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
