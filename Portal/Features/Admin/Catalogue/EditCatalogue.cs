using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Portal.Common;
using Portal.Data;
using Portal.Domain.Audit;
using Portal.Domain.Catalogue;
using Portal.Features.Audit;
using Portal.Features.Catalogue;
using Portal.Features.Subscriptions.Editor;
using Portal.Shaping;

namespace Portal.Features.Admin.Catalogue;

/// <summary>One row of the admin catalogue: the type and how many subscriptions (all tenants) listen to it.</summary>
public sealed record EventTypeRow(
    Guid Id, string Name, string Category, string Description, string SamplePayload, string? Schema, bool IsArchived,
    int Subscriptions, SchemaValidation SchemaValidation = SchemaValidation.Off, string? DefaultTransformation = null)
{
    public IReadOnlyList<string> Aliases { get; init; } = [];
}

/// <summary>Operators' management of the shared event catalogue. Archiving keeps existing subscriptions working;
/// EventPublisher and SaveSubscription refuse archived types for publishing and new subscriptions.</summary>
public sealed class EditCatalogue(IDbContextFactory<PortalDbContext> dbFactory, IValidator<EventTypeInput> validator, AuditTrail audit,
    DefaultTransformations defaultTransformations)
{
    // The catalogue is shared: counts span every tenant, whoever the operator's own tenant is.
    private static readonly string[] TenantFilter = [PortalDbContext.TenantFilter];

    public async Task<IReadOnlyList<EventTypeRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var subscriptions = db.Subscriptions.IgnoreQueryFilters(TenantFilter);
        var rows = await db.EventTypes.AsNoTracking()
            .OrderBy(t => t.Category).ThenBy(t => t.Name)
            .Select(t => new EventTypeRow(t.Id, t.Name, t.Category, t.Description, t.SamplePayload, t.Schema, t.IsArchived,
                subscriptions.Count(s => s.EventTypes.Any(e => e.Name == t.Name)), t.SchemaValidation, t.DefaultTransformation))
            .ToListAsync(cancellationToken);
        var aliases = (await db.EventTypeAliases.AsNoTracking().ToListAsync(cancellationToken))
            .ToLookup(a => a.EventTypeName, a => a.Alias, StringComparer.Ordinal);
        return [.. rows.Select(r => r with { Aliases = [.. aliases[r.Name].Order(StringComparer.Ordinal)] })];
    }

    /// <summary>The aliases of one type, sorted (what the API returns).</summary>
    public async Task<IReadOnlyList<string>> AliasesAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var aliases = await db.EventTypeAliases.AsNoTracking().Where(a => a.EventTypeName == name).Select(a => a.Alias)
            .ToListAsync(cancellationToken);
        return [.. aliases.Order(StringComparer.Ordinal)];
    }

    public async Task<Result<Guid>> CreateAsync(EventTypeInput input, CancellationToken cancellationToken = default)
    {
        input.Id = null;
        Normalize(input);
        var result = await validator.ValidateAsync(input, cancellationToken);
        if (!result.IsValid)
            return result.ToError();

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var type = new EventType(input.Name.Trim(), input.Category.Trim(), input.Description.Trim(),
            Pretty(input.SamplePayload), PrettyOrNull(input.Schema));
        type.ValidateOnPublish(input.SchemaValidation);
        type.SetDefaultTransformation(input.DefaultTransformation);
        db.EventTypes.Add(type);
        db.EventTypeAliases.AddRange(input.Aliases.Select(a => new EventTypeAlias(a, type.Name)));
        audit.On(db).RecordPlatform(AuditActions.EventTypeCreated, AuditTargets.EventType, type.Id.ToString(), type.Name,
            $"Category {type.Category}; schema validation {type.EffectiveSchemaValidation}.");
        await db.SaveChangesAsync(cancellationToken);
        return type.Id;
    }

    public async Task<Result<Guid>> UpdateAsync(Guid id, EventTypeInput input, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var type = await db.EventTypes.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (type is null)
            return Error.NotFound("Event type not found.");
        input.Id = id;
        input.Name = type.Name; // fixed after creation: subscriptions and events refer to it
        Normalize(input);
        var result = await validator.ValidateAsync(input, cancellationToken);
        if (!result.IsValid)
            return result.ToError();

        var before = (type.Category, type.Description, type.SamplePayload, type.Schema, type.SchemaValidation, type.DefaultTransformation);
        type.Update(input.Category.Trim(), input.Description.Trim(), Pretty(input.SamplePayload), PrettyOrNull(input.Schema));
        type.ValidateOnPublish(input.SchemaValidation);
        type.SetDefaultTransformation(input.DefaultTransformation);
        var aliasesChanged = await ReplaceAliasesAsync(db, type.Name, input.Aliases, cancellationToken);
        var changed = new (string Field, bool Differs)[]
        {
            ("category", before.Category != type.Category),
            ("description", before.Description != type.Description),
            ("sample payload", before.SamplePayload != type.SamplePayload),
            ("schema", before.Schema != type.Schema),
            ("schema validation", before.SchemaValidation != type.SchemaValidation),
            ("default transformation", before.DefaultTransformation != type.DefaultTransformation),
            ("aliases", aliasesChanged),
        }.Where(c => c.Differs).Select(c => c.Field).ToList();
        audit.On(db).RecordPlatform(AuditActions.EventTypeUpdated, AuditTargets.EventType, type.Id.ToString(), type.Name,
            changed.Count == 0 ? "Saved without changes." : $"Changed: {string.Join(", ", changed)}.");
        await db.SaveChangesAsync(cancellationToken);
        defaultTransformations.Forget(type.Name);
        return type.Id;
    }

    public Task<Result<Guid>> ArchiveAsync(Guid id, CancellationToken cancellationToken = default) =>
        ChangeAsync(id, AuditActions.EventTypeArchived, t => t.Archive(), cancellationToken);

    public Task<Result<Guid>> RestoreAsync(Guid id, CancellationToken cancellationToken = default) =>
        ChangeAsync(id, AuditActions.EventTypeRestored, t => t.Restore(), cancellationToken);

    /// <summary>Subscriptions of every tenant that listen to the type (what the archive confirmation tells).</summary>
    public async Task<int> CountSubscriptionsAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Subscriptions.IgnoreQueryFilters(TenantFilter)
            .CountAsync(s => s.EventTypes.Any(e => e.Name == name), cancellationToken);
    }

    private async Task<Result<Guid>> ChangeAsync(Guid id, string action, Action<EventType> change, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var type = await db.EventTypes.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (type is null)
            return Error.NotFound("Event type not found.");
        change(type);
        audit.On(db).RecordPlatform(action, AuditTargets.EventType, type.Id.ToString(), type.Name);
        await db.SaveChangesAsync(cancellationToken);
        return type.Id;
    }

    /// <summary>Replaces the type's aliases with the given ones; true when they changed.</summary>
    private static async Task<bool> ReplaceAliasesAsync(PortalDbContext db, string typeName, IReadOnlyList<string> wanted,
        CancellationToken cancellationToken)
    {
        var current = await db.EventTypeAliases.Where(a => a.EventTypeName == typeName).ToListAsync(cancellationToken);
        var removed = current.Where(a => !wanted.Contains(a.Alias, StringComparer.Ordinal)).ToList();
        var added = wanted.Where(w => current.All(a => a.Alias != w)).Select(w => new EventTypeAlias(w, typeName)).ToList();
        db.EventTypeAliases.RemoveRange(removed);
        db.EventTypeAliases.AddRange(added);
        return removed.Count + added.Count > 0;
    }

    /// <summary>Aliases trimmed, blanks dropped; a blank default transformation is none.</summary>
    private static void Normalize(EventTypeInput input)
    {
        input.Aliases = [.. input.Aliases.Select(a => a.Trim()).Where(a => a.Length > 0)];
        input.DefaultTransformation = string.IsNullOrWhiteSpace(input.DefaultTransformation) ? null : input.DefaultTransformation;
    }

    private static string Pretty(string json) => JsonText.Indent(json.Trim());

    private static string? PrettyOrNull(string? json) => string.IsNullOrWhiteSpace(json) ? null : Pretty(json);
}
