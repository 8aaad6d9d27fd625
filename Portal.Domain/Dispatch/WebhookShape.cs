namespace Portal.Domain.Dispatch;

/// <summary>What a transformation made of a request: the body to send (and sign), the method, the URL (before the
/// subscription's auth query is added) and extra headers.</summary>
public sealed record WebhookShape(string Body, string Method, string Url, IReadOnlyList<KeyValuePair<string, string>> Headers);
