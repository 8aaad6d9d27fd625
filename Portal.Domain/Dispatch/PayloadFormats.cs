using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Portal.Domain.Subscriptions;

namespace Portal.Domain.Dispatch;

/// <summary>The built-in bodies of DESIGN.md "Payload formats and destinations". A custom format starts from the
/// standard envelope, which its template or transformation then reshapes.</summary>
public static class PayloadFormats
{
    public static string Body(PayloadFormat format, WebhookEvent evt) => format switch
    {
        PayloadFormat.DataOnly => evt.Data,
        PayloadFormat.Accredit => Accredit(evt),
        PayloadFormat.Defacto => Defacto(evt),
        _ => WebhookRequestBuilder.Envelope(evt),
    };

    /// <summary>Accredit (seed 003): <c>{"Event":"Entity.Event","Timestamp":"…Z", …the event's fields}</c>.</summary>
    public static string Accredit(WebhookEvent evt) => Write(writer =>
    {
        writer.WriteString("Event", evt.Type);
        writer.WriteString("Timestamp", Timestamp(evt));
        using var data = JsonDocument.Parse(evt.Data);
        if (data.RootElement.ValueKind != JsonValueKind.Object)
            return;
        foreach (var field in data.RootElement.EnumerateObject().Where(f => f.Name is not ("Event" or "Timestamp")))
            field.WriteTo(writer);
    });

    /// <summary>Defacto (seed 004): the entity is the type's first part, the transition and status come from the data
    /// (else from the type's action), <c>id</c> is the entity's (else the event's), <c>entity_state</c> the data.</summary>
    public static string Defacto(WebhookEvent evt) => Write(writer =>
    {
        using var data = JsonDocument.Parse(evt.Data);
        var root = data.RootElement;
        var dot = evt.Type.IndexOf('.', StringComparison.Ordinal);
        var entity = dot < 0 ? evt.Type : evt.Type[..dot];
        var action = dot < 0 ? evt.Type : evt.Type[(dot + 1)..];
        writer.WriteString("entity_type", entity.ToLowerInvariant());
        writer.WriteString("transition_name", Text(root, "transition_name") ?? action.ToUpperInvariant());
        writer.WriteString("status", Text(root, "status") ?? action.ToUpperInvariant());
        writer.WriteString("timestamp",
            evt.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'", CultureInfo.InvariantCulture));
        writer.WriteString("id", Text(root, "id") ?? evt.Id.ToString("D"));
        writer.WriteString("event_type", evt.Type);
        writer.WritePropertyName("entity_state");
        root.WriteTo(writer);
    });

    /// <summary>Milliseconds, UTC, <c>Z</c>: the same text the envelope carries.</summary>
    public static string Timestamp(WebhookEvent evt) =>
        evt.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Aptic: the body object gains <c>"secret"</c>; a body that is not a JSON object is left as it is.</summary>
    public static string WithSecret(string body, string secret)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return body;
            return Write(writer =>
            {
                foreach (var field in document.RootElement.EnumerateObject().Where(f => f.Name != "secret"))
                    field.WriteTo(writer);
                writer.WriteString("secret", secret);
            });
        }
        catch (JsonException)
        {
            return body;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    /// <summary>Bodies are JSON for machines, not HTML: "+" in a Defacto offset or "é" in a name are written as they
    /// are (the default encoder's <c>\u002B</c> is valid JSON but not the text the vendors document).</summary>
    private static readonly JsonWriterOptions BodyOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Write(Action<Utf8JsonWriter> fields)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, BodyOptions))
        {
            writer.WriteStartObject();
            fields(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
