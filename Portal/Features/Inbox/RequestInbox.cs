using System.Collections.Concurrent;

namespace Portal.Features.Inbox;

/// <summary>A request the inbox received, with the outcome of checking its signature.</summary>
public sealed record InboxRequest(
    Guid Id,
    DateTimeOffset ReceivedAt,
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    SignatureCheck Signature);

public enum SignatureVerdict
{
    NotSigned,
    Valid,
    Invalid,
    UnknownMessage,
}

public sealed record SignatureCheck(SignatureVerdict Verdict, string Detail);

/// <summary>Development's "webhook.site": the last requests each tenant's inbox URL received, in memory only
/// (a first try needs no storage; a restart empties it).</summary>
public sealed class RequestInbox
{
    public const int Capacity = 50;

    private readonly ConcurrentDictionary<Guid, LinkedList<InboxRequest>> _byTenant = new();

    /// <summary>Raised with the tenant id after a request was recorded, so an open inbox page refreshes.</summary>
    public event Action<Guid>? Received;

    public void Record(Guid tenantId, InboxRequest request)
    {
        var list = _byTenant.GetOrAdd(tenantId, _ => new LinkedList<InboxRequest>());
        lock (list)
        {
            list.AddFirst(request);
            while (list.Count > Capacity)
                list.RemoveLast();
        }
        Received?.Invoke(tenantId);
    }

    public IReadOnlyList<InboxRequest> List(Guid tenantId)
    {
        if (!_byTenant.TryGetValue(tenantId, out var list))
            return [];
        lock (list)
            return list.ToList();
    }

    public void Clear(Guid tenantId) => _byTenant.TryRemove(tenantId, out _);
}
