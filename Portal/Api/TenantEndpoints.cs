using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Portal.Access;
using Portal.Common;
using Portal.Data;
using Portal.Features.Admin.Tenants;

namespace Portal.Api;

public sealed record CreateTenantRequest(string? ExternalId, string? Name);

public sealed record UpdateTenantRequest(string? Name, string? ExternalId);

public sealed record TenantResponse(Guid Id, string? ExternalId, string Name, string Status, DateTimeOffset CreatedAt)
{
    public static TenantResponse From(TenantSummary t) => new(t.Id, t.ExternalId, t.Name, ApiNames.Of(t.Status), t.CreatedAt);
}

public sealed record TenantPage(IReadOnlyList<TenantResponse> Items, string? NextCursor);

/// <summary>The platform's backend manages its customers as tenants, by its own ids (platform credentials only).</summary>
internal static class TenantEndpoints
{
    public static void MapTenantEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/tenants").RequireAuthorization(ApiAuthentication.PlatformPolicy).WithTags("Tenants");
        group.MapPost("/", CreateAsync)
            .WithSummary("Create a tenant for the platform's externalId: 201; the same externalId again answers 200 with that tenant.");
        group.MapGet("/", ListAsync)
            .WithSummary("Tenants by name, cursor-paged; ?externalId= finds the one with that id (exact match).");
        group.MapGet("/{id:guid}", GetAsync).WithSummary("One tenant.");
        group.MapPatch("/{id:guid}", UpdateAsync)
            .WithSummary("Rename a tenant or change its externalId (absent fields stay; an empty externalId clears it).");
        group.MapPost("/{id:guid}/suspend", SuspendAsync).WithSummary("Suspend a tenant: its deliveries wait and its users cannot sign in.");
        group.MapPost("/{id:guid}/reactivate", ReactivateAsync).WithSummary("Reactivate a suspended tenant; its waiting deliveries are sent.");
        group.MapDelete("/{id:guid}", DeleteAsync)
            .WithSummary("Delete a tenant and all its data (events, deliveries, subscriptions, keys, users, audit log); 409 for the operators' own.");
    }

    private static async Task<Results<Created<TenantResponse>, Ok<TenantResponse>, ProblemHttpResult>> CreateAsync(
        CreateTenantRequest request, ProvisionTenant provision, CancellationToken cancellationToken)
    {
        var result = await provision.ExecuteAsync(request.ExternalId, request.Name, cancellationToken);
        if (result.Error is { } error)
            return ApiResults.Problem(error);
        var (tenant, created) = result.Value!;
        var response = TenantResponse.From(tenant);
        return created ? TypedResults.Created($"/api/v1/tenants/{tenant.Id}", response) : TypedResults.Ok(response);
    }

    private static async Task<Results<Ok<TenantPage>, ProblemHttpResult>> ListAsync(
        PortalDbContext db, string? externalId, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var size = limit ?? DeliveryEndpoints.DefaultLimit;
        if (size is < 1 or > DeliveryEndpoints.MaxLimit)
            return ApiResults.Invalid("limit", $"The limit must be between 1 and {DeliveryEndpoints.MaxLimit}.");
        string? after = null;
        if (!string.IsNullOrEmpty(cursor) && !TryDecode(cursor, out after))
            return ApiResults.Invalid("cursor", "The cursor is not valid; use nextCursor from the previous page.");

        var query = db.Tenants.AsNoTracking();
        if (externalId is not null)
            query = query.Where(t => t.ExternalId == externalId.Trim());
        if (after is not null)
        {
            // Translated to SQL's ">" in the database's collation, the one ORDER BY sorts with; never run in .NET.
#pragma warning disable CA1309
            query = query.Where(t => string.Compare(t.Name, after) > 0);
#pragma warning restore CA1309
        }
        // Names are unique: the last name of a page is a complete cursor.
        var rows = await query.OrderBy(t => t.Name).Take(size + 1).ToListAsync(cancellationToken);
        var page = rows.Take(size).Select(t => TenantResponse.From(TenantSummary.From(t))).ToList();
        var next = rows.Count > size ? WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(page[^1].Name)) : null;
        return TypedResults.Ok(new TenantPage(page, next));
    }

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> GetAsync(
        Guid id, PortalDbContext db, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        return tenant is null ? ApiResults.NotFound("Tenant") : TypedResults.Ok(TenantResponse.From(TenantSummary.From(tenant)));
    }

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateTenantRequest request, EditTenant edit, CancellationToken cancellationToken)
    {
        var result = await edit.ExecuteAsync(id, new TenantChanges(request.Name, request.ExternalId), cancellationToken);
        return result.Error is { } error ? ApiResults.Problem(error) : TypedResults.Ok(TenantResponse.From(result.Value!));
    }

    private static Task<Results<Ok<TenantResponse>, ProblemHttpResult>> SuspendAsync(
        Guid id, ManageTenants administration, PortalDbContext db, CancellationToken cancellationToken) =>
        AnswerAsync(administration.SuspendAsync(id, cancellationToken), db, cancellationToken);

    private static Task<Results<Ok<TenantResponse>, ProblemHttpResult>> ReactivateAsync(
        Guid id, ManageTenants administration, PortalDbContext db, CancellationToken cancellationToken) =>
        AnswerAsync(administration.ReactivateAsync(id, cancellationToken), db, cancellationToken);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, DeleteTenant delete, CancellationToken cancellationToken)
    {
        var result = await delete.ExecuteAsync(id, cancellationToken);
        return result.Error is { } error ? ApiResults.Problem(error) : TypedResults.NoContent();
    }

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> AnswerAsync(
        Task<Common.Result<Guid>> change, PortalDbContext db, CancellationToken cancellationToken)
    {
        var result = await change;
        if (result.Error is { } error)
            return ApiResults.Problem(error);
        var tenant = await db.Tenants.AsNoTracking().FirstAsync(t => t.Id == result.Value, cancellationToken);
        return TypedResults.Ok(TenantResponse.From(TenantSummary.From(tenant)));
    }

    private static bool TryDecode(string cursor, out string? name)
    {
        name = null;
        try
        {
            name = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(cursor));
            return name.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
