using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Portal.Features.Audit;

/// <summary>The log table shared by /audit (the tenant's own entries) and /admin/audit (all, with a tenant column):
/// filters, server-side paging, newest first.</summary>
public partial class AuditLog
{
    public const int PageSize = 25;
    private static readonly int[] PageSizes = [25, 50, 100];
    private static readonly Dictionary<string, object> TableLabel = new() { ["aria-label"] = "Audit log" };

    private MudTable<AuditRow>? _table;
    private AuditFilter _filter = new();

    /// <summary>Operators' view: every tenant's entries and the platform's. Only for pages that require the Admin role.</summary>
    [Parameter] public bool AllTenants { get; set; }

    [Inject] private AuditLogQuery Log { get; set; } = default!;

    private async Task<TableData<AuditRow>> LoadPageAsync(TableState state, CancellationToken cancellationToken)
    {
        var page = AllTenants
            ? await Log.PlatformPageAsync(_filter, state.Page, state.PageSize, cancellationToken)
            : await Log.TenantPageAsync(_filter, state.Page, state.PageSize, cancellationToken);
        return new TableData<AuditRow> { Items = page.Rows, TotalItems = page.Total };
    }

    private async Task FilterChangedAsync(AuditFilter filter)
    {
        _filter = filter;
        if (_table is not null)
            await _table.ReloadServerData();
    }

    /// <summary>Removals and revocations stand out; everything else is quiet.</summary>
    private static Color ActionColor(string action) => action switch
    {
        _ when action.EndsWith(".deleted", StringComparison.Ordinal) || action.EndsWith("revoked", StringComparison.Ordinal)
               || action.EndsWith(".suspended", StringComparison.Ordinal) || action.EndsWith(".archived", StringComparison.Ordinal) => Color.Error,
        _ when action.EndsWith(".paused", StringComparison.Ordinal) => Color.Warning,
        _ when action.StartsWith("delivery.", StringComparison.Ordinal) => Color.Info,
        _ => Color.Primary,
    };
}
