using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Branding;
using Portal.Common;
using Portal.Data;
using Portal.Domain.Audit;
using Portal.Features.Audit;
using Portal.Settings;

namespace Portal.Features.Admin.Branding;

/// <summary>Operators' branding: load what applies now, save it as the stored document "branding" (every host applies
/// it within seconds, this one at once).</summary>
public sealed class EditBranding(
    IDbContextFactory<PortalDbContext> dbFactory,
    StoredSettings settings,
    IOptionsMonitor<BrandingOptions> options,
    IValidator<BrandingInput> validator,
    AuditTrail audit)
{
    public bool IsStored => settings.Get<StoredBranding>(StoredBranding.Name) is not null;

    public BrandingInput Load() => BrandingInput.FromOptions(options.CurrentValue);

    public async Task<Result<bool>> SaveAsync(BrandingInput input, CancellationToken cancellationToken = default)
    {
        var result = await validator.ValidateAsync(input, cancellationToken);
        if (!result.IsValid)
            return result.ToError();

        var document = new StoredBranding(input.ProductName.Trim(), Blank(input.LogoUrl), Blank(input.PrimaryColor)?.ToLowerInvariant(),
            BrandingRules.Lines(input.FrameAncestors).Select(l => BrandingRules.NormalizeOrigin(l)!).Distinct().ToList());
        var current = settings.Get<StoredBranding>(StoredBranding.Name);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var changed = StoredSettings.ChangedFields(current, document);
        if (changed.Count > 0)
            audit.On(db).RecordPlatform(AuditActions.SettingsChanged, AuditTargets.Settings, StoredBranding.Name,
                "Branding", $"Changed: {string.Join(", ", changed)}.");
        await settings.SaveAsync(db, StoredBranding.Name, document, cancellationToken);
        input.FrameAncestors = string.Join('\n', document.FrameAncestors);
        return true;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
