using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Common;
using Portal.Data;
using Portal.Dispatch;
using Portal.Domain.Audit;
using Portal.Features.Audit;
using Portal.Notifications;
using Portal.Settings;

namespace Portal.Features.Admin.Dispatcher;

/// <summary>Reads the effective dispatcher settings and saves an admin's change; every host applies it within the
/// settings refresh interval (this one at once), no restart.</summary>
public sealed class EditDispatcherSettings(
    IDbContextFactory<PortalDbContext> dbFactory,
    StoredSettings settings,
    IValidator<DispatcherSettings> validator,
    IOptionsMonitor<DeliveryOptions> delivery,
    IOptionsMonitor<RetentionOptions> retention,
    IOptionsMonitor<QuotaOptions> quotas,
    AuditTrail audit)
{
    public DispatcherSettings Current() => DispatcherSettings.From(delivery.CurrentValue, retention.CurrentValue, quotas.CurrentValue);

    public async Task<Result<DispatcherSettings>> SaveAsync(DispatcherSettings input, CancellationToken cancellationToken = default)
    {
        var result = await validator.ValidateAsync(input, cancellationToken);
        if (!result.IsValid)
            return result.ToError();

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var changed = StoredSettings.ChangedFields(Current(), input);
        if (changed.Count > 0)
            audit.On(db).RecordPlatform(AuditActions.SettingsChanged, AuditTargets.Settings, DispatcherSettings.Name,
                "Dispatcher", $"Changed: {string.Join(", ", changed)}.");
        await settings.SaveAsync(db, DispatcherSettings.Name, input, cancellationToken);
        return Current();
    }
}
