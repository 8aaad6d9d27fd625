using System.Text.Json;
using Portal.Common;
using Portal.Domain.Events;

namespace Portal.Features.Publishing;

/// <summary>What makes a publish acceptable, for every way in (API, batch, operational and sample events): one home
/// for the checks, so the API and the publishers answer alike. The <see cref="Event"/> constructor only guards its
/// invariants.</summary>
public static class PublishRules
{
    /// <summary>The checks that need no database. The data first: an API request whose data is not an object is refused
    /// for that, whatever else is wrong with it.</summary>
    public static Error? Check(PublishEvent command)
    {
        try
        {
            using var document = JsonDocument.Parse(command.Data);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return Error.Validation("data", "The event data must be a JSON object.");
        }
        catch (JsonException)
        {
            return Error.Validation("data", "The event data is not valid JSON.");
        }

        if (string.IsNullOrWhiteSpace(command.EventType))
            return Error.Validation("eventType", "The event type is required.");
        if (command.IdempotencyKey is { Length: > Event.MaxIdempotencyKeyLength })
            return Error.Validation("idempotencyKey",
                $"The idempotency key must be at most {Event.MaxIdempotencyKeyLength} characters.");
        return null;
    }

    /// <summary>Why an event of a type (null: unknown; else whether archived) for a tenant cannot be published.</summary>
    public static Error? Refusal(string eventType, bool? archived, bool tenantExists) => archived switch
    {
        null => Error.Validation("eventType", $"Unknown event type '{eventType}'."),
        true => Error.Validation("eventType", $"Event type '{eventType}' is archived and cannot be published."),
        _ when !tenantExists => Error.NotFound("Unknown tenant."),
        _ => null,
    };
}
