using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Portal.Data;

namespace Portal.Features.Subscriptions;

/// <summary><c>GET /subscriptions/{id}/log?from=&amp;to=&amp;order=oldest</c>: the signed-in tenant's subscription log as a
/// <c>.log</c> download, streamed (every attempt, newest first unless <c>order=oldest</c>). Bad parameters answer a
/// ProblemDetails 400.</summary>
public static class SubscriptionLogEndpoint
{
    public static string PathFor(Guid subscriptionId) => $"/subscriptions/{subscriptionId}/log";

    public static IEndpointRouteBuilder MapSubscriptionLog(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/subscriptions/{id:guid}/log", DownloadAsync).RequireAuthorization().ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> DownloadAsync(Guid id, string? from, string? to, string? order, HttpContext http,
        PortalDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (range, problem) = LogRange.Parse(from, to);
        var oldestFirst = order?.Trim().ToLowerInvariant() switch
        {
            null or "" or "newest" => false,
            "oldest" => true,
            _ => (bool?)null,
        };
        if (oldestFirst is null)
            problem ??= "'order' must be 'newest' or 'oldest'.";
        if (problem is not null || range is null || oldestFirst is not { } oldest)
            return TypedResults.Problem(problem ?? "Bad parameters.", statusCode: StatusCodes.Status400BadRequest, title: "The log cannot be read with these parameters.");

        // The tenant's query filter applies: another tenant's subscription is not found.
        var name = await db.Subscriptions.AsNoTracking().Where(s => s.Id == id).Select(s => s.Name)
            .FirstOrDefaultAsync(cancellationToken);
        if (name is null)
            return TypedResults.Problem("No such subscription.", statusCode: StatusCodes.Status404NotFound);

        var fileName = $"{Slug(name)}-{clock.GetUtcNow():yyyyMMdd-HHmm}.log";
        http.Response.ContentType = "text/plain; charset=utf-8";
        http.Response.Headers[HeaderNames.ContentDisposition] =
            new ContentDispositionHeaderValue("attachment") { FileNameStar = fileName, FileName = fileName }.ToString();
        http.Response.Headers[HeaderNames.CacheControl] = "no-store";
        await using (var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false), bufferSize: 16 * 1024))
        {
            await SubscriptionLog.WriteAsync(db, id, range, oldest, writer, cancellationToken);
        }
        return TypedResults.Empty;
    }

    private static string Slug(string name) =>
        new(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
}
