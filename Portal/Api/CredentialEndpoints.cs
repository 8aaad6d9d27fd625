using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Access;
using Portal.Common;

namespace Portal.Api;

/// <summary>API keys and OAuth clients: a tenant credential manages its own tenant's (as its owner); a platform
/// credential creates them for any tenant.</summary>
internal static class CredentialEndpoints
{
    public static void MapCredentialEndpoints(this RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/api-keys").RequireAuthorization(ApiAuthentication.TenantPolicy).WithTags("API keys");
        keys.MapGet("/", ListKeysAsync).WithSummary("The tenant's API keys (never their values).");
        keys.MapPost("/", CreateKeyAsync).WithSummary("Create an API key; the answer alone carries its value.");
        keys.MapDelete("/{id:guid}", RevokeKeyAsync).WithSummary("Revoke an API key: requests with it are refused from now on.");

        var clients = api.MapGroup("/oauth-clients").RequireAuthorization(ApiAuthentication.TenantPolicy).WithTags("OAuth clients");
        clients.MapGet("/", ListClientsAsync).WithSummary("The tenant's OAuth clients (never their secrets).");
        clients.MapPost("/", CreateClientAsync).WithSummary("Create an OAuth client; the answer alone carries its secret.");
        clients.MapDelete("/{id:guid}", RevokeClientAsync)
            .WithSummary("Revoke an OAuth client: it gets no more tokens, and its tokens stop working.");

        var tenant = api.MapGroup("/tenants/{id:guid}").RequireAuthorization(ApiAuthentication.PlatformPolicy).WithTags("Tenants");
        tenant.MapPost("/api-keys", CreateTenantKeyAsync)
            .WithSummary("Create an API key for a tenant (platform credential); the answer alone carries its value.");
        tenant.MapPost("/oauth-clients", CreateTenantClientAsync)
            .WithSummary("Create an OAuth client for a tenant (platform credential); the answer alone carries its secret.");
    }

    private static async Task<Ok<List<ApiKeyResponse>>> ListKeysAsync(ApiKeys keys, CancellationToken cancellationToken) =>
        TypedResults.Ok((await keys.ListAsync(cancellationToken)).Select(ApiKeyResponse.From).ToList());

    private static async Task<Results<Created<CreatedApiKeyResponse>, ProblemHttpResult>> CreateKeyAsync(
        CredentialRequest request, ApiKeys keys, CancellationToken cancellationToken) =>
        Created(await keys.CreateAsync(request.Name ?? "", request.ExpiresAt, cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeKeyAsync(
        Guid id, ApiKeys keys, CancellationToken cancellationToken) =>
        NoContent(await keys.RevokeAsync(id, cancellationToken));

    private static async Task<Ok<List<ApiClientResponse>>> ListClientsAsync(ApiClients clients, CancellationToken cancellationToken) =>
        TypedResults.Ok((await clients.ListAsync(cancellationToken)).Select(ApiClientResponse.From).ToList());

    private static async Task<Results<Created<CreatedApiClientResponse>, ProblemHttpResult>> CreateClientAsync(
        CredentialRequest request, ApiClients clients, CancellationToken cancellationToken) =>
        Created(await clients.CreateAsync(request.Name ?? "", request.ExpiresAt, cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeClientAsync(
        Guid id, ApiClients clients, CancellationToken cancellationToken) =>
        NoContent(await clients.RevokeAsync(id, cancellationToken));

    private static async Task<Results<Created<CreatedApiKeyResponse>, ProblemHttpResult>> CreateTenantKeyAsync(
        Guid id, CredentialRequest request, ApiKeys keys, CancellationToken cancellationToken) =>
        Created(await keys.CreateForTenantAsync(id, request.Name ?? "", request.ExpiresAt, cancellationToken));

    private static async Task<Results<Created<CreatedApiClientResponse>, ProblemHttpResult>> CreateTenantClientAsync(
        Guid id, CredentialRequest request, ApiClients clients, CancellationToken cancellationToken) =>
        Created(await clients.CreateForTenantAsync(id, request.Name ?? "", request.ExpiresAt, cancellationToken));

    private static Results<Created<CreatedApiKeyResponse>, ProblemHttpResult> Created(Result<CreatedApiKey> result) =>
        result.Error is { } error
            ? ApiResults.Problem(error)
            : TypedResults.Created($"/api/v1/api-keys/{result.Value!.Id}", CreatedApiKeyResponse.From(result.Value));

    private static Results<Created<CreatedApiClientResponse>, ProblemHttpResult> Created(Result<CreatedApiClient> result) =>
        result.Error is { } error
            ? ApiResults.Problem(error)
            : TypedResults.Created($"/api/v1/oauth-clients/{result.Value!.Id}", CreatedApiClientResponse.From(result.Value));

    private static Results<NoContent, ProblemHttpResult> NoContent(Result<Guid> result) =>
        result.Error is { } error ? ApiResults.Problem(error) : TypedResults.NoContent();
}
