using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Portal.Common;
using Portal.Features.Publishing;

namespace Portal.Api;

public sealed record PublishEventRequest(string? EventType, JsonElement Data, string? IdempotencyKey, Guid? TenantId,
    string? TenantExternalId);

public sealed record PublishEventResponse(
    Guid Id,
    int Deliveries,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Warnings = null);

public sealed record PublishBatchRequest(List<JsonElement>? Events);

/// <summary>One event of a batch: <see cref="Status"/> is what a single publish would have answered (202, 200 for a
/// repeated idempotency key, 400, 404); <see cref="Error"/> its ProblemDetails.</summary>
public sealed record PublishBatchItemResult(
    int Index,
    int Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? Id = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Deliveries = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Duplicate = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Warnings = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ProblemDetails? Error = null);

public sealed record PublishBatchResponse(IReadOnlyList<PublishBatchItemResult> Results);

internal static class EventEndpoints
{
    /// <summary>A-Cube's header: store the event without delivering it.</summary>
    public const string DisableEndpointsHeader = "X-DisableEndpoints";

    public static void MapEventEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/events", PublishAsync).WithTags("Events")
            .WithSummary("Publish an event: 202 with its fan-out; a repeated idempotency key answers 200 with the original. " +
                         "A platform credential names the tenant by tenantId or tenantExternalId.");
        api.MapPost("/events/batch", PublishBatchAsync).WithTags("Events")
            .Produces<PublishBatchResponse>(StatusCodes.Status207MultiStatus)
            .WithSummary($"Publish up to {PublishEvents.MaxEvents} events: 200 when every one was accepted, 207 when some " +
                         "were not, with one result per event in order; a bad event never rejects the others.");
    }

    private static async Task<Results<Accepted<PublishEventResponse>, Ok<PublishEventResponse>, ProblemHttpResult>> PublishAsync(
        PublishEventRequest request,
        [FromHeader(Name = DisableEndpointsHeader)] string? disableEndpoints,
        PublishTargets targets, EventPublisher publisher, CancellationToken cancellationToken)
    {
        var tenant = await targets.ResolveAsync(new TenantReference(request.TenantId, request.TenantExternalId), cancellationToken);
        if (tenant.Error is { } refused)
            return ApiResults.Problem(refused);
        var result = await publisher.PublishAsync(ToCommand(request, tenant.Value, Suppresses(disableEndpoints)), cancellationToken);
        if (result.Error is { } error)
            return ApiResults.Problem(error);

        var published = result.Value!;
        var response = new PublishEventResponse(published.EventId, published.Deliveries, published.Warnings);
        return published.Duplicate
            ? TypedResults.Ok(response)
            : TypedResults.Accepted($"/api/v1/deliveries?eventId={published.EventId}", response);
    }

    private static async Task<Results<Ok<PublishBatchResponse>, JsonHttpResult<PublishBatchResponse>, ProblemHttpResult>> PublishBatchAsync(
        PublishBatchRequest request,
        [FromHeader(Name = DisableEndpointsHeader)] string? disableEndpoints,
        PublishTargets targets, PublishEvents publisher, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        CancellationToken cancellationToken)
    {
        if (request.Events is not { Count: > 0 } items)
            return ApiResults.Invalid("events", "Send at least one event.");
        if (items.Count > PublishEvents.MaxEvents)
            return ApiResults.Invalid("events", $"At most {PublishEvents.MaxEvents} events per batch; this one has {items.Count}.");

        var requests = items.Select(item => Read(item, json.Value.SerializerOptions)).ToList();
        var tenants = await targets.ResolveAsync(
            [.. requests.Select(r => new TenantReference(r.Value?.TenantId, r.Value?.TenantExternalId))], cancellationToken);

        var outcomes = new Result<PublishedEvent>?[items.Count];
        var commands = new List<PublishEvent>(items.Count);
        var positions = new List<int>(items.Count);
        var suppress = Suppresses(disableEndpoints);
        for (var i = 0; i < items.Count; i++)
        {
            Result<PublishEvent> command = requests[i].Error is { } unreadable ? unreadable
                : tenants[i].Error is { } refused ? refused
                : ToCommand(requests[i].Value!, tenants[i].Value, suppress);
            if (command.Error is { } invalid)
            {
                outcomes[i] = invalid;
                continue;
            }
            commands.Add(command.Value!);
            positions.Add(i);
        }

        var published = await publisher.ExecuteAsync(commands, cancellationToken);
        for (var p = 0; p < positions.Count; p++)
            outcomes[positions[p]] = published[p];

        var results = outcomes.Select((outcome, index) => ToItemResult(index, outcome!.Value)).ToList();
        var response = new PublishBatchResponse(results);
        return results.All(r => r.Status < 300)
            ? TypedResults.Ok(response)
            : TypedResults.Json(response, statusCode: StatusCodes.Status207MultiStatus);
    }

    /// <summary>One batch item as a publish request; an item that is not one (null, a number, wrong field types) is
    /// that item's 400, not the batch's.</summary>
    private static Result<PublishEventRequest> Read(JsonElement item, JsonSerializerOptions options)
    {
        if (item.ValueKind != JsonValueKind.Object)
            return Error.Validation("", "Each event must be a JSON object.");
        try
        {
            return item.Deserialize<PublishEventRequest>(options)!;
        }
        catch (JsonException e)
        {
            return Error.Validation(string.IsNullOrEmpty(e.Path) ? "" : e.Path.TrimStart('$', '.'), $"The event is not valid: {e.Message}");
        }
    }

    /// <summary>The request as a command; <see cref="PublishRules"/> checks it (missing data reads as null: not an object).</summary>
    private static PublishEvent ToCommand(PublishEventRequest request, Guid tenantId, bool suppress) =>
        new(tenantId, request.EventType ?? "", request.Data.ValueKind == JsonValueKind.Undefined ? "null" : request.Data.GetRawText(),
            string.IsNullOrWhiteSpace(request.IdempotencyKey) ? null : request.IdempotencyKey, suppress);

    private static bool Suppresses(string? disableEndpoints) =>
        string.Equals(disableEndpoints?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    private static PublishBatchItemResult ToItemResult(int index, Result<PublishedEvent> outcome)
    {
        if (outcome.Error is { } error)
        {
            var problem = ApiResults.Details(error);
            return new PublishBatchItemResult(index, problem.Status!.Value, Error: problem);
        }
        var published = outcome.Value!;
        return new PublishBatchItemResult(index, published.Duplicate ? StatusCodes.Status200OK : StatusCodes.Status202Accepted,
            published.EventId, published.Deliveries, published.Duplicate, published.Warnings);
    }
}
