using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Access;
using Portal.Common;
using Portal.Data;
using Portal.Dispatch;
using Portal.Domain.Subscriptions;
using Portal.Features.Subscriptions.Editor;
using Portal.Features.Subscriptions.Endpoint;
using Portal.Features.Subscriptions.Lifecycle;
using Portal.Features.Subscriptions.Secrets;
using Portal.Notifications;

namespace Portal.Api;

public sealed record RemoveEventTypesRequest(List<string>? EventTypes);

public sealed record SampleRequest(string? EventType);

public sealed record EventIdResponse(Guid Id);

/// <summary>Recover: re-enable and resend what was skipped or exhausted since this time.</summary>
public sealed record RecoverRequest(DateTimeOffset? Since);

public sealed record RecoverResponse(Guid BulkRetriggerId);

internal static class SubscriptionEndpoints
{
    public static void MapSubscriptionEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/subscriptions").RequireAuthorization(ApiAuthentication.TenantPolicy).WithTags("Subscriptions");
        group.MapGet("/", ListAsync).WithSummary("The tenant's subscriptions.");
        group.MapPost("/", CreateAsync).WithSummary("Create a subscription; the answer alone carries its secret or public key.");
        group.MapGet("/{id:guid}", GetAsync).WithSummary("One subscription.");
        group.MapPut("/{id:guid}", UpdateAsync).WithSummary("Replace a subscription's settings (blank secrets are kept).");
        group.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Delete a subscription with its delivery history.");
        group.MapPost("/{id:guid}/event-types/remove", RemoveEventTypesAsync)
            .WithSummary("Stop listening to some event types; removing the last one is refused (422).");
        group.MapPost("/{id:guid}/secret/rotate", RotateSecretAsync)
            .WithSummary("A new signing secret; the previous one keeps signing for the grace period.");
        group.MapPost("/{id:guid}/test", TestAsync).WithSummary("Ping the endpoint now and report the response.");
        group.MapPost("/{id:guid}/recover", RecoverAsync)
            .WithSummary("Re-enable the subscription and resend what was skipped or failed since a time (background; 202).");
        group.MapPost("/{id:guid}/sample", SendSampleAsync).WithSummary("Deliver an event type's sample payload to this subscription.");
    }

    private static async Task<Ok<List<SubscriptionResponse>>> ListAsync(PortalDbContext db, NotificationAddresses addresses,
        CancellationToken cancellationToken)
    {
        var subscriptions = await db.Subscriptions.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken);
        return TypedResults.Ok(await ResponsesAsync(subscriptions, addresses, cancellationToken));
    }

    /// <summary>The subscriptions as answered, with the status of their notification addresses.</summary>
    private static async Task<List<SubscriptionResponse>> ResponsesAsync(List<Subscription> subscriptions,
        NotificationAddresses addresses, CancellationToken cancellationToken)
    {
        if (subscriptions.Count == 0)
            return [];
        var statuses = await addresses.StatusesAsync(subscriptions[0].TenantId,
            subscriptions.Select(s => s.Notification.Email), cancellationToken);
        return subscriptions.Select(s => SubscriptionResponse.From(s) with
        {
            NotificationEmailStatus = s.Notification.Email is { } email && statuses.TryGetValue(email.Trim(), out var status)
                ? ApiNames.Of(status)
                : null,
        }).ToList();
    }

    private static async Task<SubscriptionResponse> ResponseAsync(Subscription subscription, NotificationAddresses addresses,
        CancellationToken cancellationToken) =>
        (await ResponsesAsync([subscription], addresses, cancellationToken))[0];

    private static async Task<Results<Created<SubscriptionResponse>, ProblemHttpResult>> CreateAsync(
        SubscriptionRequest request, SaveSubscription save, PortalDbContext db, IOptionsMonitor<DeliveryOptions> options,
        NotificationAddresses addresses, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var input = request.ToInput(errors, options.CurrentValue.Defaults, options.CurrentValue.MaxConcurrencyPerSubscription);
        if (errors.Count > 0)
            return ApiResults.Invalid(errors);
        var result = await save.CreateAsync(input, cancellationToken);
        if (result.Error is { } error)
            return ApiResults.Problem(error);

        var saved = result.Value!;
        var subscription = await db.Subscriptions.AsNoTracking().FirstAsync(s => s.Id == saved.Id, cancellationToken);
        return TypedResults.Created($"/api/v1/subscriptions/{saved.Id}",
            await ResponseAsync(subscription, addresses, cancellationToken) with { Secret = saved.Secret, PublicKeyPem = saved.PublicKeyPem });
    }

    private static async Task<Results<Ok<SubscriptionResponse>, ProblemHttpResult>> GetAsync(
        Guid id, PortalDbContext db, NotificationAddresses addresses, CancellationToken cancellationToken)
    {
        var subscription = await db.Subscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        return subscription is null
            ? ApiResults.NotFound("Subscription")
            : TypedResults.Ok(await ResponseAsync(subscription, addresses, cancellationToken));
    }

    private static async Task<Results<Ok<SubscriptionResponse>, ProblemHttpResult>> UpdateAsync(
        Guid id, SubscriptionRequest request, SaveSubscription save, PortalDbContext db, NotificationAddresses addresses,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var input = request.ToInput(errors);
        if (errors.Count > 0)
            return ApiResults.Invalid(errors);
        var result = await save.UpdateAsync(id, input, cancellationToken);
        if (result.Error is { } error)
            return ApiResults.Problem(error);

        var subscription = await db.Subscriptions.AsNoTracking().FirstAsync(s => s.Id == id, cancellationToken);
        return TypedResults.Ok(await ResponseAsync(subscription, addresses, cancellationToken) with { Secret = result.Value!.Secret });
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, SubscriptionLifecycle lifecycle, CancellationToken cancellationToken)
    {
        var result = await lifecycle.DeleteAsync(id, cancellationToken);
        return result.Error is { } error ? ApiResults.Problem(error) : TypedResults.NoContent();
    }

    private static async Task<Results<Ok<SubscriptionResponse>, ProblemHttpResult>> RemoveEventTypesAsync(
        Guid id, RemoveEventTypesRequest request, SubscriptionLifecycle lifecycle, CancellationToken cancellationToken)
    {
        var result = await lifecycle.RemoveEventTypesAsync(id, request.EventTypes ?? [], cancellationToken);
        return result.Error is { } error
            ? ApiResults.Problem(error, StatusCodes.Status422UnprocessableEntity)
            : TypedResults.Ok(SubscriptionResponse.From(result.Value!));
    }

    private static async Task<Results<Ok<RotatedSecret>, ProblemHttpResult>> RotateSecretAsync(
        Guid id, RotateSecret rotate, CancellationToken cancellationToken)
    {
        var result = await rotate.ExecuteAsync(id, cancellationToken);
        return result.Error is { } error
            ? ApiResults.Problem(error, StatusCodes.Status422UnprocessableEntity)
            : TypedResults.Ok(result.Value!);
    }

    private static async Task<Results<Ok<PingResult>, ProblemHttpResult>> TestAsync(
        Guid id, TestEndpoint test, CancellationToken cancellationToken)
    {
        var result = await test.ExecuteAsync(id, cancellationToken);
        return result.Error is { } error ? ApiResults.Problem(error) : TypedResults.Ok(result.Value!);
    }

    private static async Task<Results<Accepted<RecoverResponse>, ProblemHttpResult>> RecoverAsync(
        Guid id, RecoverRequest request, RecoverSubscription recover, CancellationToken cancellationToken)
    {
        if (request.Since is not { } since)
            return ApiResults.Problem(Error.Validation("since", "Say since when to recover (an ISO 8601 time)."));
        var result = await recover.ExecuteAsync(id, since, cancellationToken);
        return result.Error is { } error
            ? ApiResults.Problem(error)
            : TypedResults.Accepted((string?)null, new RecoverResponse(result.Value));
    }

    private static async Task<Results<Accepted<EventIdResponse>, ProblemHttpResult>> SendSampleAsync(
        Guid id, SampleRequest request, SendSampleEvent sample, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.EventType))
            return ApiResults.Problem(Error.Validation("eventType", "Name the event type whose sample to send."));
        var result = await sample.ExecuteAsync(id, request.EventType.Trim(), cancellationToken);
        return result.Error is { } error
            ? ApiResults.Problem(error, StatusCodes.Status422UnprocessableEntity)
            : TypedResults.Accepted((string?)null, new EventIdResponse(result.Value!.EventId));
    }
}
