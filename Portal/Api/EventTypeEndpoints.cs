using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Portal.Access;
using Portal.Common;
using Portal.Data;
using Portal.Domain.Catalogue;
using Portal.Features.Admin.Catalogue;

namespace Portal.Api;

public sealed record EventTypeResponse(string Name, string Category, string Description, string SamplePayload, string? Schema,
    string SchemaValidation, bool Archived, IReadOnlyList<string> Aliases, string? DefaultTransformation)
{
    public static EventTypeResponse From(EventType t, IReadOnlyList<string> aliases) => new(t.Name, t.Category, t.Description,
        t.SamplePayload, t.Schema, ApiNames.Of(t.EffectiveSchemaValidation), t.IsArchived, aliases, t.DefaultTransformation);
}

/// <summary>An event type as the platform defines it. <c>sample</c> and <c>schema</c> are JSON (or a string holding
/// JSON); <c>schemaValidation</c> is off (default), warn or reject. <c>aliases</c>: other names publishing and subscribing
/// accept; <c>defaultTransformation</c>: JavaScript <c>handler(webhook)</c> for custom-format subscriptions without
/// their own, test-run against the sample. PUT replaces all of it but the name; an omitted <c>aliases</c> or
/// <c>defaultTransformation</c> keeps the current one (an empty list or string removes it).</summary>
public sealed record EventTypeRequest(string? Name, string? Category, string? Description, JsonElement Sample,
    JsonElement Schema, string? SchemaValidation, IReadOnlyList<string>? Aliases = null, string? DefaultTransformation = null);

internal static class EventTypeEndpoints
{
    public static void MapEventTypeEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/event-types", ListAsync).WithTags("Event types").WithSummary("The event catalogue.");
        api.MapGet("/event-types/{name}", GetAsync).WithTags("Event types").WithSummary("One event type of the catalogue.");

        var platform = api.MapGroup("/event-types").RequireAuthorization(ApiAuthentication.PlatformPolicy).WithTags("Event types");
        platform.MapPost("/", CreateAsync)
            .WithSummary("Add an event type (platform credential); schemaValidation off|warn|reject says what publishing does with data that does not match the schema.");
        platform.MapPut("/{name}", UpdateAsync)
            .WithSummary("Replace an event type's category, description, sample, schema, schema validation, aliases and default transformation (the name is fixed).");
        platform.MapPost("/{name}/archive", ArchiveAsync)
            .WithSummary("Archive an event type: publishing it and new subscriptions to it are refused; existing subscriptions stay.");
        platform.MapPost("/{name}/restore", RestoreAsync).WithSummary("Restore an archived event type.");
    }

    private static async Task<Ok<List<EventTypeResponse>>> ListAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var types = await db.EventTypes.AsNoTracking().OrderBy(t => t.Category).ThenBy(t => t.Name).ToListAsync(cancellationToken);
        var aliases = (await db.EventTypeAliases.AsNoTracking().ToListAsync(cancellationToken))
            .ToLookup(a => a.EventTypeName, a => a.Alias, StringComparer.Ordinal);
        return TypedResults.Ok(types.Select(t => EventTypeResponse.From(t, [.. aliases[t.Name].Order(StringComparer.Ordinal)])).ToList());
    }

    private static async Task<Results<Ok<EventTypeResponse>, ProblemHttpResult>> GetAsync(
        string name, PortalDbContext db, CancellationToken cancellationToken) =>
        await FindAsync(db, name, cancellationToken) is { } type
            ? TypedResults.Ok(await ResponseAsync(db, type, cancellationToken))
            : ApiResults.NotFound("Event type");

    private static async Task<EventTypeResponse> ResponseAsync(PortalDbContext db, EventType type, CancellationToken cancellationToken)
    {
        var aliases = await db.EventTypeAliases.AsNoTracking().Where(a => a.EventTypeName == type.Name).Select(a => a.Alias)
            .ToListAsync(cancellationToken);
        return EventTypeResponse.From(type, [.. aliases.Order(StringComparer.Ordinal)]);
    }

    private static async Task<Results<Created<EventTypeResponse>, ProblemHttpResult>> CreateAsync(
        EventTypeRequest request, EditCatalogue catalogue, PortalDbContext db, CancellationToken cancellationToken)
    {
        var input = ToInput(request);
        if (input.Error is { } invalid)
            return ApiResults.Problem(invalid);
        var result = await catalogue.CreateAsync(input.Value!, cancellationToken);
        if (result.Error is { } error)
            return ApiResults.Problem(ForApi(error));
        var type = await db.EventTypes.AsNoTracking().FirstAsync(t => t.Id == result.Value, cancellationToken);
        return TypedResults.Created($"/api/v1/event-types/{type.Name}", await ResponseAsync(db, type, cancellationToken));
    }

    private static async Task<Results<Ok<EventTypeResponse>, ProblemHttpResult>> UpdateAsync(
        string name, EventTypeRequest request, EditCatalogue catalogue, PortalDbContext db, CancellationToken cancellationToken)
    {
        if (await FindAsync(db, name, cancellationToken) is not { } existing)
            return ApiResults.NotFound("Event type");
        if (request.Name is { } renamed && renamed.Trim() != existing.Name)
            return ApiResults.Invalid("name", "An event type's name is fixed once created: subscriptions and events refer to it.");
        var input = ToInput(request);
        if (input.Error is { } invalid)
            return ApiResults.Problem(invalid);
        if (request.Aliases is null)
            input.Value!.Aliases = [.. await catalogue.AliasesAsync(existing.Name, cancellationToken)];
        if (request.DefaultTransformation is null)
            input.Value!.DefaultTransformation = existing.DefaultTransformation;
        var result = await catalogue.UpdateAsync(existing.Id, input.Value!, cancellationToken);
        return result.Error is { } error
            ? ApiResults.Problem(ForApi(error))
            : TypedResults.Ok(await ResponseAsync(db, (await FindAsync(db, name, cancellationToken))!, cancellationToken));
    }

    private static Task<Results<Ok<EventTypeResponse>, ProblemHttpResult>> ArchiveAsync(
        string name, EditCatalogue catalogue, PortalDbContext db, CancellationToken cancellationToken) =>
        ChangeAsync(name, catalogue.ArchiveAsync, db, cancellationToken);

    private static Task<Results<Ok<EventTypeResponse>, ProblemHttpResult>> RestoreAsync(
        string name, EditCatalogue catalogue, PortalDbContext db, CancellationToken cancellationToken) =>
        ChangeAsync(name, catalogue.RestoreAsync, db, cancellationToken);

    private static async Task<Results<Ok<EventTypeResponse>, ProblemHttpResult>> ChangeAsync(string name,
        Func<Guid, CancellationToken, Task<Result<Guid>>> change, PortalDbContext db, CancellationToken cancellationToken)
    {
        if (await FindAsync(db, name, cancellationToken) is not { } existing)
            return ApiResults.NotFound("Event type");
        var result = await change(existing.Id, cancellationToken);
        return result.Error is { } error
            ? ApiResults.Problem(error)
            : TypedResults.Ok(await ResponseAsync(db, (await FindAsync(db, name, cancellationToken))!, cancellationToken));
    }

    private static Task<EventType?> FindAsync(PortalDbContext db, string name, CancellationToken cancellationToken) =>
        db.EventTypes.AsNoTracking().FirstOrDefaultAsync(t => t.Name == name, cancellationToken);

    private static Result<EventTypeInput> ToInput(EventTypeRequest request)
    {
        var mode = SchemaValidation.Off;
        if (!string.IsNullOrWhiteSpace(request.SchemaValidation) && !ApiNames.TryParse(request.SchemaValidation.Trim(), out mode))
            return Error.Validation("schemaValidation",
                $"'{request.SchemaValidation}' is not one of: {ApiNames.Allowed<SchemaValidation>()}.");
        return new EventTypeInput
        {
            Name = request.Name?.Trim() ?? "",
            Category = request.Category ?? "",
            Description = request.Description ?? "",
            SamplePayload = JsonText(request.Sample) ?? "{}",
            Schema = JsonText(request.Schema),
            SchemaValidation = mode,
            Aliases = [.. request.Aliases ?? []],
            DefaultTransformation = request.DefaultTransformation,
        };
    }

    /// <summary>A JSON value as text; a string is taken as JSON text already (what the catalogue's GET returns).</summary>
    private static string? JsonText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        _ => value.GetRawText(),
    };

    /// <summary>The form's field "samplePayload" is the request's "sample".</summary>
    private static Error ForApi(Error error) => error.Fields is { } fields && fields.ContainsKey("samplePayload")
        ? error with { Fields = fields.ToDictionary(f => f.Key == "samplePayload" ? "sample" : f.Key, f => f.Value) }
        : error;
}
