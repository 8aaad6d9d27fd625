using MudBlazor;
using Portal.Domain.Subscriptions;

namespace Portal.Features.Subscriptions.List;

/// <summary>One colour per subscription state, the same on the list and the endpoint page.</summary>
public static class SubscriptionStateColor
{
    public static Color Of(SubscriptionState state) => state switch
    {
        SubscriptionState.Active => Color.Success,
        SubscriptionState.Paused => Color.Warning,
        _ => Color.Error,
    };
}
