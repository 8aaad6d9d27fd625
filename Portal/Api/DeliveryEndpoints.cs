using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Portal.Access;
using Portal.Common;
using Portal.Data;
using Portal.Domain.Deliveries;
using Portal.Features.Deliveries;

namespace Portal.Api;

internal static class DeliveryEndpoints
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;

    public static void MapDeliveryEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/deliveries").RequireAuthorization(ApiAuthentication.TenantPolicy).WithTags("Deliveries");
        group.MapGet("/", ListAsync).WithSummary("Delivery history, newest first, cursor-paged.");
        group.MapGet("/{id:guid}", GetAsync).WithSummary("One delivery with all its attempts.");
        group.MapPost("/{id:guid}/retrigger", RetriggerAsync).WithSummary("Send the delivery again now (same webhook-id).");
        group.MapPost("/retrigger", BulkRetriggerAsync)
            .WithSummary("Retrigger every failed delivery matching the filter, as a background job.");

        api.MapGet("/jobs/{id:guid}", GetJobAsync).RequireAuthorization(ApiAuthentication.TenantPolicy)
            .WithTags("Deliveries").WithSummary("Progress of a bulk retrigger job.");
    }

    private static async Task<Results<Ok<DeliveryPage>, ProblemHttpResult>> ListAsync(
        PortalDbContext db, string? status, Guid? subscriptionId, string? eventType, DateTimeOffset? from, DateTimeOffset? to,
        string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        DeliveryStatus? wanted = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (ApiNames.TryParse<DeliveryStatus>(status.Trim(), out var parsed))
                wanted = parsed;
            else
                errors["status"] = [$"'{status}' is not one of: {ApiNames.Allowed<DeliveryStatus>()}."];
        }
        var size = limit ?? DefaultLimit;
        if (size is < 1 or > MaxLimit)
            errors["limit"] = [$"The limit must be between 1 and {MaxLimit}."];
        DeliveryCursor? after = null;
        if (!string.IsNullOrEmpty(cursor) && !DeliveryCursor.TryDecode(cursor, out after))
            errors["cursor"] = ["The cursor is not valid; use nextCursor from the previous page."];
        if (from is not null && to is not null && from > to)
            errors["to"] = ["The time range ends before it starts."];
        if (errors.Count > 0)
            return ApiResults.Invalid(errors);

        var query = from d in db.Deliveries.AsNoTracking()
            join e in db.Events.AsNoTracking() on d.EventId equals e.Id
            select new { Delivery = d, EventType = e.Type };
        if (wanted is { } s)
            query = query.Where(x => x.Delivery.Status == s);
        if (subscriptionId is { } sid)
            query = query.Where(x => x.Delivery.SubscriptionId == sid);
        if (!string.IsNullOrWhiteSpace(eventType))
            query = query.Where(x => x.EventType == eventType);
        if (from is { } start)
            query = query.Where(x => x.Delivery.CreatedAt >= start);
        if (to is { } end)
            query = query.Where(x => x.Delivery.CreatedAt <= end);
        if (after is not null)
            query = query.Where(x => x.Delivery.CreatedAt <= after.CreatedAt);

        var rows = await query.OrderByDescending(x => x.Delivery.CreatedAt).ThenByDescending(x => x.Delivery.Id)
            .Skip(after?.SeenAtThatTime ?? 0).Take(size + 1).ToListAsync(cancellationToken);
        // Skip only applies to rows of the cursor's exact time: they come first in the filtered, newest-first order.
        var page = rows.Take(size).ToList();
        string? next = null;
        if (rows.Count > size)
        {
            var last = page[^1].Delivery.CreatedAt;
            var seen = page.Count(x => x.Delivery.CreatedAt == last)
                       + (after is not null && after.CreatedAt == last ? after.SeenAtThatTime : 0);
            next = new DeliveryCursor(last, seen).Encode();
        }

        return TypedResults.Ok(new DeliveryPage(page.Select(x => DeliveryResponse.From(x.Delivery, x.EventType)).ToList(), next));
    }

    private static async Task<Results<Ok<DeliveryDetailResponse>, ProblemHttpResult>> GetAsync(
        Guid id, PortalDbContext db, CancellationToken cancellationToken)
    {
        var row = await (from d in db.Deliveries.AsNoTracking()
                         join e in db.Events.AsNoTracking() on d.EventId equals e.Id
                         where d.Id == id
                         select new { Delivery = d, EventType = e.Type }).FirstOrDefaultAsync(cancellationToken);
        if (row is null)
            return ApiResults.NotFound("Delivery");
        var attempts = await db.Attempts.AsNoTracking().Where(a => a.DeliveryId == id).OrderBy(a => a.Number)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new DeliveryDetailResponse(DeliveryResponse.From(row.Delivery, row.EventType),
            attempts.Select(AttemptResponse.From).ToList()));
    }

    private static async Task<Results<Accepted<EventIdResponse>, ProblemHttpResult>> RetriggerAsync(
        Guid id, RetriggerDelivery retrigger, CancellationToken cancellationToken)
    {
        var result = await retrigger.ExecuteAsync(id, cancellationToken);
        return result.Error is { } error
            ? ApiResults.Problem(error)
            : TypedResults.Accepted($"/api/v1/deliveries/{id}", new EventIdResponse(id));
    }

    private static async Task<Results<Accepted<JobIdResponse>, ProblemHttpResult>> BulkRetriggerAsync(
        BulkRetriggerRequest request, StartBulkRetrigger start, CancellationToken cancellationToken)
    {
        var filter = request.Filter ?? new RetriggerFilterBody(null, null, null, null);
        var result = await start.ExecuteAsync(new BulkRetriggerFilter(filter.SubscriptionId,
            string.IsNullOrWhiteSpace(filter.EventType) ? null : filter.EventType.Trim(), filter.From, filter.To), cancellationToken);
        return result.Error is { } error
            ? ApiResults.Problem(error)
            : TypedResults.Accepted($"/api/v1/jobs/{result.Value}", new JobIdResponse(result.Value));
    }

    private static async Task<Results<Ok<JobResponse>, ProblemHttpResult>> GetJobAsync(
        Guid id, PortalDbContext db, CancellationToken cancellationToken)
    {
        var job = await db.BulkRetriggers.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken);
        return job is null
            ? ApiResults.NotFound("Job")
            : TypedResults.Ok(new JobResponse(job.Id, ApiNames.Of(job.Status), job.Total, job.Done, job.Error, job.CreatedAt,
                job.CompletedAt));
    }
}
