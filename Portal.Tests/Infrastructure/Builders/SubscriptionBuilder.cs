using Portal.Domain.Subscriptions;

namespace Portal.Tests.Infrastructure.Builders;

public sealed class SubscriptionBuilder
{
    private Guid _tenantId = Guid.NewGuid();
    private string _name = "Orders endpoint";
    private string _url = "https://receiver.example.com/webhooks";
    private string _method = "POST";
    private int _timeoutMs = Subscription.DefaultTimeoutMs;
    private string[] _eventTypes = ["invoice.status"];
    private DateTimeOffset _now = TestClock.Now;
    private EndpointAuth? _auth;
    private NotificationSettings? _notification;
    private string? _disabledReason;
    private bool _paused;

    public SubscriptionBuilder ForTenant(Guid tenantId) { _tenantId = tenantId; return this; }

    public SubscriptionBuilder Named(string name) { _name = name; return this; }

    public SubscriptionBuilder WithUrl(string url) { _url = url; return this; }

    public SubscriptionBuilder WithMethod(string method) { _method = method; return this; }

    public SubscriptionBuilder WithTimeout(int timeoutMs) { _timeoutMs = timeoutMs; return this; }

    public SubscriptionBuilder WithEventTypes(params string[] eventTypes) { _eventTypes = eventTypes; return this; }

    public SubscriptionBuilder WithAuth(EndpointAuth auth) { _auth = auth; return this; }

    public SubscriptionBuilder WithNotification(NotificationSettings notification) { _notification = notification; return this; }

    public SubscriptionBuilder At(DateTimeOffset now) { _now = now; return this; }

    public SubscriptionBuilder Paused() { _paused = true; return this; }

    public SubscriptionBuilder Disabled(string reason = "Endpoint kept failing") { _disabledReason = reason; return this; }

    public Subscription Build()
    {
        var subscription = new Subscription(_tenantId, _name, _url, _eventTypes, _now);
        if (_method != "POST" || _timeoutMs != Subscription.DefaultTimeoutMs)
            subscription.ChangeEndpoint(_url, _method, _timeoutMs);
        if (_auth is not null)
            subscription.ConfigureAuth(_auth);
        if (_notification is not null)
            subscription.ConfigureNotification(_notification);
        if (_paused)
            subscription.Pause(_now);
        if (_disabledReason is not null)
            subscription.Disable(_disabledReason, _now);
        return subscription;
    }
}
