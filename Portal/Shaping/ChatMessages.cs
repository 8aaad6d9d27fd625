using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Domain.Dispatch;

namespace Portal.Shaping;

/// <summary>Readable chat messages for an event: its type, its first few scalar fields, and a link to the delivery in
/// the portal. Slack incoming webhooks take <c>text</c> (the fallback) and Block Kit <c>blocks</c>; Teams workflow
/// webhooks take a <c>message</c> with an Adaptive Card attachment.</summary>
public static class ChatMessages
{
    private const int MaxFields = 8;
    private const int MaxValueLength = 200;

    public static string Slack(WebhookEvent evt, string? link)
    {
        var fields = KeyFields(evt);
        var text = $"*{Escape(evt.Type)}* at {PayloadFormats.Timestamp(evt)}";
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = PlainText(evt.Type) },
            new JsonObject
            {
                ["type"] = "section",
                ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = text },
            },
        };
        if (fields.Count > 0)
            blocks.Add(new JsonObject
            {
                ["type"] = "section",
                ["fields"] = new JsonArray([.. fields.Select(f => (JsonNode)new JsonObject
                {
                    ["type"] = "mrkdwn",
                    ["text"] = $"*{Escape(f.Key)}*\n{Escape(f.Value)}",
                })]),
            });
        if (link is not null)
            blocks.Add(new JsonObject
            {
                ["type"] = "context",
                ["elements"] = new JsonArray(new JsonObject { ["type"] = "mrkdwn", ["text"] = $"<{link}|View the delivery in the portal>" }),
            });
        return new JsonObject { ["text"] = $"{evt.Type} at {PayloadFormats.Timestamp(evt)}", ["blocks"] = blocks }.ToJsonString(PayloadShaper.BodyJson);
    }

    public static string Teams(WebhookEvent evt, string? link)
    {
        var body = new JsonArray
        {
            new JsonObject { ["type"] = "TextBlock", ["text"] = evt.Type, ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true },
            new JsonObject { ["type"] = "TextBlock", ["text"] = PayloadFormats.Timestamp(evt), ["isSubtle"] = true, ["spacing"] = "None" },
            new JsonObject
            {
                ["type"] = "FactSet",
                ["facts"] = new JsonArray([.. KeyFields(evt).Select(f => (JsonNode)new JsonObject { ["title"] = f.Key, ["value"] = f.Value })]),
            },
        };
        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = body,
        };
        if (link is not null)
            card["actions"] = new JsonArray(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "View delivery", ["url"] = link });
        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray(new JsonObject
            {
                ["contentType"] = "application/vnd.microsoft.card.adaptive",
                ["contentUrl"] = null,
                ["content"] = card,
            }),
        }.ToJsonString(PayloadShaper.BodyJson);
    }

    /// <summary>The data's top-level scalar fields, in order, values shortened.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> KeyFields(WebhookEvent evt)
    {
        using var data = JsonDocument.Parse(evt.Data);
        if (data.RootElement.ValueKind != JsonValueKind.Object)
            return [];
        return data.RootElement.EnumerateObject()
            .Where(p => p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
            .Take(MaxFields)
            .Select(p => KeyValuePair.Create(p.Name, Shorten(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText())))
            .ToList();
    }

    /// <summary>Slack's mrkdwn control characters, escaped as Slack asks (&amp;, &lt;, &gt;).</summary>
    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = Shorten(text) };

    private static string Shorten(string value) => value.Length <= MaxValueLength ? value : value[..MaxValueLength] + "…";
}
