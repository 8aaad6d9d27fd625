using Portal.Domain.Subscriptions;
using Portal.Features.Subscriptions.List;
using Portal.Features.Subscriptions.Endpoint;

namespace Portal.Tests.Features.Subscriptions;

public sealed class SubscriptionListRowTests
{
    [Fact]
    public void A_refreshed_row_of_the_same_subscription_keeps_its_identity_so_the_table_keeps_its_components()
    {
        var id = Guid.NewGuid();
        var before = new SubscriptionListRow(id, "ERP", "POST", "https://erp.test/hooks", ["invoice.status"],
            SubscriptionState.Active, null, 200, EndpointFigures.None);
        var after = before with { EventTypes = ["invoice.status"], LatestResponseCode = 500, Figures = EndpointFigures.None with { Succeeded = 2 } };
        var other = before with { Id = Guid.NewGuid() };

        Assert.Equal(before, after);
        Assert.Equal(before.GetHashCode(), after.GetHashCode());
        Assert.NotEqual(before, other);
    }
}
