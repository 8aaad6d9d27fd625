using Microsoft.AspNetCore.Components;
using Portal.Identity;

namespace Portal.Features.Inbox;

/// <summary>Lists what the tenant's inbox URL received, newest first, live.</summary>
public partial class InboxPage
{
    private RequestInbox? _inbox;
    private Guid? _tenantId;
    private IReadOnlyList<InboxRequest> _requests = [];

    [Inject] private IServiceProvider Services { get; set; } = default!;
    [Inject] private CurrentUser User { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private string InboxUrl => $"{Navigation.BaseUri}inbox/{_tenantId}";

    private string SubscribeHref => $"/subscriptions/new?url={Uri.EscapeDataString(InboxUrl)}&name={Uri.EscapeDataString("Request inbox")}";

    protected override void OnInitialized()
    {
        // Registered only where the inbox runs (Development); elsewhere the page says so.
        _inbox = Services.GetService<RequestInbox>();
        _tenantId = User.TenantId;
        if (_inbox is null || _tenantId is not { } tenantId)
            return;
        _requests = _inbox.List(tenantId);
        _inbox.Received += OnReceived;
    }

    private void OnReceived(Guid tenantId)
    {
        if (tenantId != _tenantId)
            return;
        _ = InvokeAsync(() =>
        {
            _requests = _inbox!.List(tenantId);
            StateHasChanged();
        });
    }

    public void Dispose()
    {
        if (_inbox is not null)
            _inbox.Received -= OnReceived;
        GC.SuppressFinalize(this);
    }
}
