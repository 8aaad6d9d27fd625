using System.Globalization;
using Microsoft.AspNetCore.Components;

namespace Portal.Features.Admin;

public partial class AdminOverviewPage
{
    private static readonly Dictionary<string, object> TableLabel = new() { ["aria-label"] = "Tenants" };
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;
    private IReadOnlyList<TenantOverview>? _tenants;

    [Inject]
    private AdminOverviewQuery Query { get; set; } = null!;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync() => _tenants = await Query.LoadAsync();

    private static string Percent(double? rate) =>
        rate is { } r ? Math.Round(r * 100).ToString(Culture) + "%" : "–";

    private Task TenantCreatedAsync(Guid _) => LoadAsync();
}
