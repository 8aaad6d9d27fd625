using Portal.Domain.Catalogue;

namespace Portal.Features.Admin.Catalogue;

/// <summary>The event type form: bound by the dialog, checked by <see cref="EventTypeInputValidator"/>.</summary>
public sealed class EventTypeInput
{
    /// <summary>Set when editing: the name is then fixed, so it is not re-checked for uniqueness.</summary>
    public Guid? Id { get; set; }
    public string Name { get; set; } = "";
    public string Category { get; set; } = "";
    public string Description { get; set; } = "";
    public string SamplePayload { get; set; } = "{}";
    public string? Schema { get; set; }

    /// <summary>What publishing does with data that does not match <see cref="Schema"/>.</summary>
    public SchemaValidation SchemaValidation { get; set; }

    /// <summary>Other names publishing and subscribing accept for this type (A-Cube's <c>legal-entity.onboarding</c>).</summary>
    public List<string> Aliases { get; set; } = [];

    /// <summary>JavaScript <c>handler(webhook)</c> for custom-format subscriptions without a script of their own.</summary>
    public string? DefaultTransformation { get; set; }

    public bool IsNew => Id is null;
}
