using Portal.Dispatch;

namespace Portal.Features.Publishing;

/// <summary>Portal's own events (endpoint disabled, delivery exhausted…) go through the same publisher as the
/// platform's.</summary>
public sealed class OperationalEventPublisher(EventPublisher publisher) : IOperationalEventPublisher
{
    public async Task<string?> PublishAsync(Guid tenantId, string type, string data, string idempotencyKey,
        CancellationToken cancellationToken)
    {
        var result = await publisher.PublishAsync(new PublishEvent(tenantId, type, data, idempotencyKey), cancellationToken);
        return result.Error?.Message;
    }
}
