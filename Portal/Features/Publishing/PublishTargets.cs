using Microsoft.EntityFrameworkCore;
using Portal.Common;
using Portal.Data;
using Portal.Identity;

namespace Portal.Features.Publishing;

/// <summary>Which tenant a publication names: Portal's id of it, or the platform's own (external) id.</summary>
public readonly record struct TenantReference(Guid? TenantId, string? ExternalId);

/// <summary>Decides which tenant each publication is for. A tenant's credential publishes for its own tenant only,
/// and naming another one — by id or by external id — is refused alike, so the answer never tells whether that
/// tenant exists. A platform credential must name one; an external id nobody has is 404. A batch resolves all its
/// external ids in one query.</summary>
public sealed class PublishTargets(PortalDbContext db, CurrentUser user)
{
    private const string OnlyPlatform = "Only platform credentials may publish for another tenant.";

    public async Task<Result<Guid>> ResolveAsync(TenantReference reference, CancellationToken cancellationToken = default) =>
        (await ResolveAsync([reference], cancellationToken))[0];

    public async Task<IReadOnlyList<Result<Guid>>> ResolveAsync(IReadOnlyList<TenantReference> references,
        CancellationToken cancellationToken = default)
    {
        var externalIds = references.Select(r => Normalize(r.ExternalId)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var known = new Dictionary<string, Guid>(StringComparer.Ordinal);
        if (externalIds.Count > 0)
        {
            var own = user.TenantId;
            var tenants = own is null
                ? db.Tenants.Where(t => externalIds.Contains(t.ExternalId!))
                : db.Tenants.Where(t => t.Id == own && t.ExternalId != null);
            foreach (var tenant in await tenants.Select(t => new { t.Id, t.ExternalId }).ToListAsync(cancellationToken))
                known[tenant.ExternalId!] = tenant.Id;
        }

        return [.. references.Select(r => Resolve(r, known))];
    }

    private Result<Guid> Resolve(TenantReference reference, Dictionary<string, Guid> known)
    {
        Guid? byExternalId = null;
        if (Normalize(reference.ExternalId) is { } externalId)
        {
            if (known.TryGetValue(externalId, out var found))
                byExternalId = found;
            else if (user.TenantId is null)
                return Error.NotFound($"No tenant has the external id '{externalId}'.");
            else
                return Error.Validation("tenantExternalId", OnlyPlatform);
        }

        if (reference.TenantId is { } id && byExternalId is { } other && id != other)
            return Error.Validation("tenantExternalId", "tenantId and tenantExternalId name different tenants.");
        var named = reference.TenantId ?? byExternalId;
        if (user.TenantId is { } own)
            return named is { } asked && asked != own ? Error.Validation("tenantId", OnlyPlatform) : own;
        return named is { } chosen
            ? chosen
            : Error.Validation("tenantId", "A platform credential must say which tenant the event belongs to: tenantId or tenantExternalId.");
    }

    private static string? Normalize(string? externalId) => string.IsNullOrWhiteSpace(externalId) ? null : externalId.Trim();
}
