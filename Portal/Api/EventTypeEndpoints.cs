using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Api;

public sealed record EventTypeResponse(string Name, string Category, string Description, string SamplePayload, string? Schema, bool Archived);

internal static class EventTypeEndpoints
{
    public static void MapEventTypeEndpoints(this RouteGroupBuilder api) =>
        api.MapGet("/event-types", ListAsync).WithTags("Event types").WithSummary("The event catalogue.");

    private static async Task<Ok<List<EventTypeResponse>>> ListAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var types = await db.EventTypes.AsNoTracking().OrderBy(t => t.Category).ThenBy(t => t.Name)
            .Select(t => new EventTypeResponse(t.Name, t.Category, t.Description, t.SamplePayload, t.Schema, t.IsArchived))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(types);
    }
}
