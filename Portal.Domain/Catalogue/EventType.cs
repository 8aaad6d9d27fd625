using System.Diagnostics.CodeAnalysis;
using Portal.Domain.Common;

namespace Portal.Domain.Catalogue;

/// <summary>What publishing does with an event whose data does not match its type's JSON Schema.</summary>
public enum SchemaValidation
{
    /// <summary>The schema documents the type; publishing does not check it.</summary>
    Off,

    /// <summary>The event is accepted; the answer lists where it does not match.</summary>
    Warn,

    /// <summary>The event is refused (400) with the failing paths.</summary>
    Reject,
}

/// <summary>An entry of the event catalogue that tenants subscribe to. Shared by all tenants.</summary>
public sealed class EventType
{
    private EventType() { Name = Category = Description = SamplePayload = ""; }

    public EventType(string name, string category, string description, string samplePayload, string? schema = null)
    {
        if (!EventTypeName.IsValid(name))
            throw new DomainException($"'{name}' is not a valid event type name (object.action).");
        Id = Guid.CreateVersion7();
        Name = name;
        Update(category, description, samplePayload, schema);
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; }
    public string Category { get; private set; }
    public string Description { get; private set; }
    public string SamplePayload { get; private set; }
    public string? Schema { get; private set; }
    public bool IsArchived { get; private set; }
    public SchemaValidation SchemaValidation { get; private set; }

    /// <summary>JavaScript applied to custom-format subscriptions that have none of their own (Aptic's service
    /// definition).</summary>
    public string? DefaultTransformation { get; private set; }

    public void SetDefaultTransformation(string? script) => DefaultTransformation = string.IsNullOrWhiteSpace(script)
        ? null
        : script.Length > Subscriptions.PayloadShape.MaxScriptLength
            ? throw new DomainException($"The default transformation must be at most {Subscriptions.PayloadShape.MaxScriptLength} characters.")
            : script.Trim();

    /// <summary>A type without a schema has nothing to check, so validation is off whatever was chosen.</summary>
    public SchemaValidation EffectiveSchemaValidation => Schema is null ? SchemaValidation.Off : SchemaValidation;

    public void ValidateOnPublish(SchemaValidation mode) => SchemaValidation = mode;

    [MemberNotNull(nameof(Category), nameof(Description), nameof(SamplePayload))]
    public void Update(string category, string description, string samplePayload, string? schema)
    {
        Category = Guard.NotBlank(category, "Category", 100);
        Description = Guard.NotBlank(description, "Description", 1000);
        SamplePayload = string.IsNullOrWhiteSpace(samplePayload) ? "{}" : samplePayload.Trim();
        Schema = string.IsNullOrWhiteSpace(schema) ? null : schema.Trim();
    }

    public void Archive() => IsArchived = true;

    public void Restore() => IsArchived = false;
}
