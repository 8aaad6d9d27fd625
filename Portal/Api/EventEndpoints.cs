using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Portal.Features.Publishing;
using Portal.Identity;

namespace Portal.Api;

public sealed record PublishEventRequest(string? EventType, JsonElement Data, string? IdempotencyKey, Guid? TenantId);

public sealed record PublishEventResponse(Guid Id, int Deliveries);

internal static class EventEndpoints
{
    /// <summary>A-Cube's header: store the event without delivering it.</summary>
    public const string DisableEndpointsHeader = "X-DisableEndpoints";

    public static void MapEventEndpoints(this RouteGroupBuilder api) =>
        api.MapPost("/events", PublishAsync).WithTags("Events")
            .WithSummary("Publish an event: 202 with its fan-out; a repeated idempotency key answers 200 with the original.");

    private static async Task<Results<Accepted<PublishEventResponse>, Ok<PublishEventResponse>, ProblemHttpResult>> PublishAsync(
        PublishEventRequest request,
        [FromHeader(Name = DisableEndpointsHeader)] string? disableEndpoints,
        CurrentUser user, EventPublisher publisher, CancellationToken cancellationToken)
    {
        Guid tenantId;
        if (user.TenantId is { } own)
        {
            if (request.TenantId is { } asked && asked != own)
                return ApiResults.Invalid("tenantId", "Only platform keys may publish for another tenant.");
            tenantId = own;
        }
        else if (request.TenantId is { } chosen)
        {
            tenantId = chosen;
        }
        else
        {
            return ApiResults.Invalid("tenantId", "A platform key must say which tenant the event belongs to.");
        }

        if (request.Data.ValueKind != JsonValueKind.Object)
            return ApiResults.Invalid("data", "The event data must be a JSON object.");

        var suppress = string.Equals(disableEndpoints?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
        var result = await publisher.PublishAsync(new PublishEvent(tenantId, request.EventType ?? "", request.Data.GetRawText(),
            string.IsNullOrEmpty(request.IdempotencyKey) ? null : request.IdempotencyKey, suppress), cancellationToken);
        if (result.Error is { } error)
            return ApiResults.Problem(error);

        var published = result.Value!;
        var response = new PublishEventResponse(published.EventId, published.Deliveries);
        return published.Duplicate
            ? TypedResults.Ok(response)
            : TypedResults.Accepted($"/api/v1/deliveries?eventId={published.EventId}", response);
    }
}
