namespace Portal.Api;

/// <summary>What the OpenAPI document says of each operation beyond its summary: a stable <c>operationId</c> (the
/// method name generated clients get, so it never changes with a route or handler rename), a description, and the
/// error statuses it can answer besides the ones every API operation has. Keyed by "METHOD /route".</summary>
internal static class ApiOperations
{
    public sealed record Operation(string Id, string Description, params int[] Errors);

    private const int BadRequest = 400, NotFound = 404, Conflict = 409, PayloadTooLarge = 413, Unprocessable = 422;

    public static readonly IReadOnlyDictionary<string, Operation> All = new Dictionary<string, Operation>(StringComparer.OrdinalIgnoreCase)
    {
        ["POST /oauth/token"] = new("issueToken",
            "OAuth2 client credentials grant (RFC 6749 §4.4). Send the client id and secret as HTTP Basic or as form fields; " +
            "the token lasts expires_in seconds and is sent as Authorization: Bearer.", BadRequest),

        ["GET /api/v1/event-types"] = new("listEventTypes", "Every event type of the catalogue, archived ones included.", BadRequest),
        ["GET /api/v1/event-types/{name}"] = new("getEventType", "One event type by its name (object.action).", NotFound),
        ["POST /api/v1/event-types"] = new("createEventType",
            "Adds an event type to the catalogue. Needs a platform credential.", BadRequest, Conflict),
        ["PUT /api/v1/event-types/{name}"] = new("updateEventType",
            "Replaces the event type's settings. Needs a platform credential.", BadRequest, NotFound),
        ["POST /api/v1/event-types/{name}/archive"] = new("archiveEventType",
            "Archives the event type. Needs a platform credential.", NotFound),
        ["POST /api/v1/event-types/{name}/restore"] = new("restoreEventType",
            "Restores an archived event type. Needs a platform credential.", NotFound),

        ["POST /api/v1/events"] = new("publishEvent",
            "Stores the event and one delivery per matching active subscription in one transaction, then wakes the " +
            "dispatcher. Header X-DisableEndpoints: true stores it without delivering it.", BadRequest, NotFound, PayloadTooLarge),
        ["POST /api/v1/events/batch"] = new("publishEvents",
            "Publishes several events in one request; each result carries the status and body a single publish would have had.",
            BadRequest, PayloadTooLarge),

        ["GET /api/v1/subscriptions"] = new("listSubscriptions", "The tenant's subscriptions (webhook endpoints), by name."),
        ["POST /api/v1/subscriptions"] = new("createSubscription",
            "Creates a webhook endpoint. The signing secret (or the RSA public key) is returned only in this answer.",
            BadRequest, Conflict, PayloadTooLarge),
        ["GET /api/v1/subscriptions/{id}"] = new("getSubscription", "One subscription with its delivery statistics.", NotFound),
        ["PUT /api/v1/subscriptions/{id}"] = new("updateSubscription",
            "Replaces the subscription's settings; blank secrets keep the current ones.", BadRequest, NotFound, Conflict),
        ["DELETE /api/v1/subscriptions/{id}"] = new("deleteSubscription", "Deletes the subscription and its delivery history.", NotFound),
        ["POST /api/v1/subscriptions/{id}/event-types/remove"] = new("removeSubscriptionEventTypes",
            "Removes event types from the subscription; it must keep at least one.", BadRequest, NotFound, Unprocessable),
        ["POST /api/v1/subscriptions/{id}/secret/rotate"] = new("rotateSubscriptionSecret",
            "Issues a new signing secret; during the grace period both secrets sign every delivery.", NotFound, Unprocessable),
        ["POST /api/v1/subscriptions/{id}/test"] = new("testSubscription",
            "Sends a ping to the endpoint now and reports its answer; nothing is stored as a delivery.", NotFound),
        ["POST /api/v1/subscriptions/{id}/recover"] = new("recoverSubscription",
            "Re-enables the subscription and schedules a resend of what was skipped or failed since the given time.",
            BadRequest, NotFound),
        ["POST /api/v1/subscriptions/{id}/sample"] = new("sendSubscriptionSample",
            "Publishes the event type's sample payload to this subscription only.", BadRequest, NotFound, Unprocessable),

        ["GET /api/v1/deliveries"] = new("listDeliveries",
            "The tenant's deliveries, newest first, filtered by event, subscription, status or time; pass the answer's " +
            "cursor to get the next page.", BadRequest),
        ["GET /api/v1/deliveries/{id}"] = new("getDelivery", "One delivery with every attempt's request and response.", NotFound),
        ["POST /api/v1/deliveries/{id}/retrigger"] = new("retriggerDelivery",
            "Schedules a new attempt of the delivery now, with the same webhook-id.", NotFound, Conflict),
        ["POST /api/v1/deliveries/retrigger"] = new("retriggerDeliveries",
            "Starts a background job that retriggers every failed delivery matching the filter; follow it at /jobs/{id}.",
            BadRequest),
        ["GET /api/v1/jobs/{id}"] = new("getJob", "The progress of a bulk retrigger job.", NotFound),

        ["GET /api/v1/signing-keys/rsa.pem"] = new("getRsaPublicKey",
            "The PEM public key that verifies the X-Signature header of rsa-sha256 subscriptions."),

        ["GET /api/v1/api-keys"] = new("listApiKeys", "The tenant's API keys; their values are never shown again."),
        ["POST /api/v1/api-keys"] = new("createApiKey", "Creates an API key; its value is returned only in this answer.", BadRequest),
        ["DELETE /api/v1/api-keys/{id}"] = new("revokeApiKey", "Revokes the API key.", NotFound),
        ["GET /api/v1/oauth-clients"] = new("listOAuthClients", "The tenant's OAuth clients; their secrets are never shown again."),
        ["POST /api/v1/oauth-clients"] = new("createOAuthClient",
            "Creates an OAuth client for the client credentials grant; its secret is returned only in this answer.", BadRequest),
        ["DELETE /api/v1/oauth-clients/{id}"] = new("revokeOAuthClient", "Revokes the OAuth client and the tokens it holds.", NotFound),

        ["GET /api/v1/tenants"] = new("listTenants", "The platform's tenants. Needs a platform credential.", BadRequest),
        ["POST /api/v1/tenants"] = new("createTenant",
            "Creates the tenant for the platform's own externalId, or answers the existing one. Needs a platform credential.",
            BadRequest, Conflict),
        ["GET /api/v1/tenants/{id}"] = new("getTenant", "One tenant. Needs a platform credential.", NotFound),
        ["PATCH /api/v1/tenants/{id}"] = new("updateTenant", "Changes the tenant's name or externalId. Needs a platform credential.",
            BadRequest, NotFound, Conflict),
        ["DELETE /api/v1/tenants/{id}"] = new("deleteTenant", "Deletes the tenant with all its data. Needs a platform credential.",
            NotFound, Conflict),
        ["POST /api/v1/tenants/{id}/suspend"] = new("suspendTenant", "Suspends the tenant. Needs a platform credential.", NotFound, Conflict),
        ["POST /api/v1/tenants/{id}/reactivate"] = new("reactivateTenant", "Reactivates the tenant. Needs a platform credential.", NotFound),
        ["POST /api/v1/tenants/{id}/api-keys"] = new("createTenantApiKey",
            "Creates an API key for the tenant; its value is returned only in this answer. Needs a platform credential.",
            BadRequest, NotFound),
        ["POST /api/v1/tenants/{id}/oauth-clients"] = new("createTenantOAuthClient",
            "Creates an OAuth client for the tenant; its secret is returned only in this answer. Needs a platform credential.",
            BadRequest, NotFound),
        ["POST /api/v1/tenants/{id}/portal-sessions"] = new("createPortalSession",
            "A single-use link that signs the person into the tenant's portal. Needs a platform credential.", BadRequest, NotFound),
    };

    /// <summary>What each error status means, for the response descriptions.</summary>
    public static readonly IReadOnlyDictionary<int, string> ErrorDescriptions = new Dictionary<int, string>
    {
        [400] = "The request is not valid: ProblemDetails, with the failing fields under errors.",
        [401] = "No valid credential: send X-API-Key or Authorization: Bearer.",
        [403] = "The credential may not do this (a tenant credential on a platform route, or the other way round).",
        [404] = "Not found, or it belongs to another tenant.",
        [409] = "It conflicts with the current state.",
        [413] = "The request body is larger than the configured limit.",
        [422] = "The request is well formed but breaks a rule.",
        [429] = "The credential's rate limit is reached; retry after Retry-After seconds.",
    };
}
