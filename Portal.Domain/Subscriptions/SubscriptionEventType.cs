namespace Portal.Domain.Subscriptions;

/// <summary>One event type a subscription listens to (Defacto: several per subscription).</summary>
public sealed class SubscriptionEventType
{
    private SubscriptionEventType() { Name = ""; }

    internal SubscriptionEventType(string name) => Name = name;

    public string Name { get; private set; }
}
