using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Domain.Dispatch;
using Portal.Domain.Subscriptions;

namespace Portal.Shaping;

/// <summary>What shaping made of a delivery: a request shape (null: the built-in format as it is), a cancellation,
/// or an error the tenant can read.</summary>
public sealed record ShapeOutcome(WebhookShape? Shape, bool Cancelled = false, string? Error = null)
{
    public static ShapeOutcome BuiltIn { get; } = new((WebhookShape?)null);
}

/// <summary>Everything shaping needs of a subscription, whether stored or still in the form.</summary>
public sealed record ShapeRequest(
    SubscriptionKind Kind,
    PayloadShape Payload,
    string Url,
    string Method,
    string? DefaultTransformation = null,
    string? Secret = null,
    string? DeliveryLink = null);

/// <summary>Turns an event into the body (and method, URL query, headers) a subscription sends: a chat message for
/// Slack and Teams, a built-in format, or for <c>custom</c> a Liquid template and then a JavaScript
/// <c>handler(webhook)</c>, which receives <c>{eventType, method, url, headers, payload, cancel}</c> and returns it
/// changed.</summary>
public sealed class PayloadShaper(ScriptSandbox sandbox, LiquidTemplates liquid)
{
    private static readonly string[] AllowedMethods = ["POST", "PUT", "PATCH"];

    /// <summary>Bodies are JSON for machines, not HTML: "é", "&amp;" or "+" are sent as they are, not as
    /// <c>\u00E9</c> (valid, but not what the transformation wrote, and not what a link in a chat message should
    /// look like).</summary>
    public static readonly JsonSerializerOptions BodyJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public ShapeOutcome Shape(WebhookEvent evt, ShapeRequest request)
    {
        try
        {
            return ShapeOrThrow(evt, request);
        }
        catch (ScriptException e)
        {
            return new ShapeOutcome(null, Error: e.Message);
        }
        catch (InvalidOperationException e)
        {
            // A returned field of the wrong type (e.g. a number as the method).
            return new ShapeOutcome(null, Error: $"The transformation returned an unexpected value: {e.Message}");
        }
    }

    private ShapeOutcome ShapeOrThrow(WebhookEvent evt, ShapeRequest request)
    {
        switch (request.Kind)
        {
            case SubscriptionKind.Slack:
                return Fixed(ChatMessages.Slack(evt, request.DeliveryLink), request);
            case SubscriptionKind.Teams:
                return Fixed(ChatMessages.Teams(evt, request.DeliveryLink), request);
        }

        var payload = request.Payload;
        if (payload.Format != PayloadFormat.Custom)
            return ShapeOutcome.BuiltIn;
        var envelope = WebhookRequestBuilder.Envelope(evt);
        var body = payload.BodyTemplate is { } template
            ? liquid.Render(template, envelope, payload.SecretInBody ? request.Secret : null)
            : envelope;
        var shape = new WebhookShape(body, request.Method, request.Url, []);
        if ((payload.Transformation ?? request.DefaultTransformation) is { } script)
        {
            var transformed = Transform(script, evt, shape);
            if (transformed is null)
                return new ShapeOutcome(null, Cancelled: true);
            shape = transformed;
        }

        if (payload.SecretInBody && request.Secret is { Length: > 0 } secret)
            shape = shape with { Body = PayloadFormats.WithSecret(shape.Body, secret) };
        return new ShapeOutcome(shape);
    }

    private static ShapeOutcome Fixed(string body, ShapeRequest request) =>
        new(new WebhookShape(body, "POST", request.Url, []));

    /// <summary>Null when the script cancelled the delivery.</summary>
    private WebhookShape? Transform(string script, WebhookEvent evt, WebhookShape shape)
    {
        // The body goes in as it is when it is JSON (no parse and re-serialise on the way in), else as a string.
        var payload = IsJson(shape.Body) ? shape.Body : JsonSerializer.Serialize(shape.Body, BodyJson);
        var input = "{\"eventType\":" + JsonSerializer.Serialize(evt.Type, BodyJson)
            + ",\"method\":" + JsonSerializer.Serialize(shape.Method, BodyJson)
            + ",\"url\":" + JsonSerializer.Serialize(shape.Url, BodyJson)
            + ",\"headers\":{},\"payload\":" + payload + ",\"cancel\":false}";
        var output = sandbox.CallHandler(script, input, evt.TenantId);
        if (output is null)
            throw new ScriptException("handler(webhook) must return the webhook object.");
        var result = JsonNode.Parse(output) as JsonObject
            ?? throw new ScriptException("handler(webhook) must return the webhook object.");
        if (result["cancel"] is JsonValue cancel && cancel.TryGetValue<bool>(out var cancelled) && cancelled)
            return null;

        var body = result["payload"] switch
        {
            null => "null",
            JsonValue text when text.GetValueKind() == JsonValueKind.String => text.GetValue<string>(),
            var node => node.ToJsonString(BodyJson),
        };
        var method = (result["method"]?.GetValue<string>() ?? shape.Method).Trim().ToUpperInvariant();
        if (!AllowedMethods.Contains(method))
            throw new ScriptException($"The transformation set the method '{method}'; it must be one of {string.Join(", ", AllowedMethods)}.");
        var url = result["url"]?.GetValue<string>() ?? shape.Url;
        if (!SameBeforeQuery(url, shape.Url))
            throw new ScriptException("The transformation may change the URL's query only, not its address.");
        var headers = new List<KeyValuePair<string, string>>();
        if (result["headers"] is JsonObject headerObject)
        {
            foreach (var (name, value) in headerObject)
            {
                var text = value?.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value?.ToJsonString() ?? "";
                if (WebhookHeaders.NameProblem(name) is { } problem)
                    throw new ScriptException($"The transformation set a header that cannot be sent: {problem}");
                if (WebhookHeaders.ValueProblem(text) is { } valueProblem)
                    throw new ScriptException($"The header '{name}' set by the transformation cannot be sent. {valueProblem}");
                headers.Add(KeyValuePair.Create(name, text));
            }
        }

        return new WebhookShape(body, method, url, headers);
    }

    private static bool IsJson(string text)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(text));
        try
        {
            while (reader.Read())
            {
            }
            return reader.BytesConsumed > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool SameBeforeQuery(string changed, string original)
    {
        static string Head(string url)
        {
            var cut = url.IndexOfAny(['?', '#']);
            return cut < 0 ? url : url[..cut];
        }

        return string.Equals(Head(changed), Head(original), StringComparison.Ordinal);
    }
}
