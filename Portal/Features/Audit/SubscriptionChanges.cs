using Portal.Domain.Subscriptions;

namespace Portal.Features.Audit;

/// <summary>What an edit changed, by field name, for the audit log. Secrets are compared (a new protected value means
/// a new secret) but only their field name is written.</summary>
public sealed record SubscriptionChanges(
    string Name, string Url, string Method, int TimeoutMs, IReadOnlyList<string> EventTypes, AuthType AuthType,
    string? AuthKey, string? AuthToken, string Headers, string? HeaderValues, SigningScheme Signing, string? SignatureHeader,
    string? SigningSecret, RetrySettings Retry, NotificationSettings Notification, PayloadFormat PayloadFormat,
    SubscriptionState State)
{
    public static SubscriptionChanges Of(Subscription s) => new(
        s.Name, s.Url, s.HttpMethod, s.TimeoutMs, [.. s.EventTypes.Select(e => e.Name).Order(StringComparer.Ordinal)],
        s.Auth.Type, s.Auth.Key, s.Auth.ProtectedToken,
        string.Join("\n", s.Headers.Select(h => h.Name)), string.Join("\n", s.Headers.Select(h => h.ProtectedValue)),
        s.Signing.Scheme, s.Signing.HeaderName, s.Signing.ProtectedSecret, s.Retry, s.Notification, s.PayloadFormat, s.State);

    /// <summary>"Changed: url, event types (+invoice.created, −invoice.status), signing secret", or null when nothing did.</summary>
    public string? DescribeChangesTo(SubscriptionChanges after)
    {
        var changed = new List<string>();
        void Check(bool differs, string field)
        {
            if (differs)
                changed.Add(field);
        }

        Check(Name != after.Name, "name");
        Check(Url != after.Url, "url");
        Check(Method != after.Method, "method");
        Check(TimeoutMs != after.TimeoutMs, "timeout");
        var added = after.EventTypes.Except(EventTypes, StringComparer.Ordinal).Select(n => $"+{n}");
        var removed = EventTypes.Except(after.EventTypes, StringComparer.Ordinal).Select(n => $"−{n}");
        var types = added.Concat(removed).ToList();
        Check(types.Count > 0, $"event types ({string.Join(", ", types)})");
        Check(AuthType != after.AuthType || AuthKey != after.AuthKey, "auth");
        Check(AuthType == after.AuthType && AuthToken != after.AuthToken && after.AuthToken is not null, "auth token");
        Check(Headers != after.Headers, "headers");
        Check(Headers == after.Headers && HeaderValues != after.HeaderValues, "header values");
        Check(Signing != after.Signing || SignatureHeader != after.SignatureHeader, "signing");
        Check(SigningSecret != after.SigningSecret && after.SigningSecret is not null, "signing secret");
        Check(Retry != after.Retry, "retry");
        Check(Notification != after.Notification, "notification");
        Check(PayloadFormat != after.PayloadFormat, "payload format");
        Check(State != after.State, $"state ({State} → {after.State})");
        return changed.Count == 0 ? null : "Changed: " + string.Join(", ", changed) + ".";
    }
}
