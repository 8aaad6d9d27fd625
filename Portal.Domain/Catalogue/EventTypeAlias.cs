using Portal.Domain.Common;

namespace Portal.Domain.Catalogue;

/// <summary>Another name of an event type (A-Cube writes <c>legal-entity.onboarding</c> for
/// <c>legal_entity.onboarding</c>): publishing and subscribing by it mean the type.</summary>
public sealed class EventTypeAlias
{
    private EventTypeAlias() { Alias = EventTypeName = ""; }

    public EventTypeAlias(string alias, string eventTypeName)
    {
        Alias = Catalogue.EventTypeName.IsValid(alias?.Trim()) ? alias!.Trim()
            : throw new DomainException($"'{alias}' is not a valid alias (object.action; letters, digits, '_', '-').");
        EventTypeName = eventTypeName;
    }

    public string Alias { get; private set; }
    public string EventTypeName { get; private set; }
}
