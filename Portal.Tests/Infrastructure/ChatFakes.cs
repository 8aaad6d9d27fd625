using System.Text.Json;

namespace Portal.Tests.Infrastructure;

/// <summary>Local stand-ins for Slack incoming webhooks and Microsoft Teams workflow webhooks: real HTTP receivers
/// on 127.0.0.1 that answer as those services do — 200 "ok" (Slack) or 202 (Teams) for a message they would accept,
/// 400 with the reason for one they would refuse — after checking the JSON shape each service requires.</summary>
public static class ChatFakes
{
    private static readonly string[] SlackBlockTypes =
        ["section", "header", "context", "divider", "image", "actions", "input", "rich_text", "file", "video"];

    private static readonly string[] AdaptiveElementTypes =
        ["TextBlock", "FactSet", "ColumnSet", "Container", "Image", "ImageSet", "ActionSet", "RichTextBlock", "Table"];

    public static Task<WebhookReceiver> StartSlackAsync() =>
        WebhookReceiver.StartAsync(r => SlackProblems(r.Body) is { Count: > 0 } problems
            ? new ReceiverResponse(400, Body: "invalid_payload: " + string.Join("; ", problems))
            : new ReceiverResponse(200, Body: "ok"));

    public static Task<WebhookReceiver> StartTeamsAsync() =>
        WebhookReceiver.StartAsync(r => TeamsProblems(r.Body) is { Count: > 0 } problems
            ? new ReceiverResponse(400, Body: string.Join("; ", problems))
            : new ReceiverResponse(202));

    /// <summary>Slack incoming webhook: a JSON object with a non-empty <c>text</c> and/or <c>blocks</c> of at most
    /// 50 Block Kit blocks of known types, each well formed (header: plain_text ≤ 150; section: text or ≤ 10 fields;
    /// context: 1–10 text or image elements; text objects plain_text or mrkdwn, ≤ 3000 characters).</summary>
    public static List<string> SlackProblems(string body)
    {
        var problems = new List<string>();
        if (Parse(body, problems) is not { } root)
            return problems;
        var hasText = root.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String && text.GetString()!.Length > 0;
        var hasBlocks = root.TryGetProperty("blocks", out var blocks);
        if (!hasText && !hasBlocks)
            problems.Add("no_text: neither text nor blocks");
        if (!hasBlocks)
            return problems;
        if (blocks.ValueKind != JsonValueKind.Array || blocks.GetArrayLength() is 0 or > 50)
        {
            problems.Add("invalid_blocks: blocks must be an array of 1–50 blocks");
            return problems;
        }
        foreach (var block in blocks.EnumerateArray())
        {
            var type = block.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (type is null || !SlackBlockTypes.Contains(type))
            {
                problems.Add($"invalid_blocks: unknown block type '{type}'");
                continue;
            }
            switch (type)
            {
                case "header":
                    SlackText(block, "text", problems, plainOnly: true, max: 150, required: true);
                    break;
                case "section":
                    var hasSectionText = block.TryGetProperty("text", out _);
                    var hasFields = block.TryGetProperty("fields", out var fields);
                    if (!hasSectionText && !hasFields)
                        problems.Add("invalid_blocks: a section needs text or fields");
                    if (hasSectionText)
                        SlackText(block, "text", problems, plainOnly: false, max: 3000, required: true);
                    if (hasFields)
                    {
                        if (fields.ValueKind != JsonValueKind.Array || fields.GetArrayLength() is 0 or > 10)
                            problems.Add("invalid_blocks: a section has 1–10 fields");
                        else
                            foreach (var field in fields.EnumerateArray())
                                SlackTextObject(field, problems, plainOnly: false, max: 2000);
                    }
                    break;
                case "context":
                    if (!block.TryGetProperty("elements", out var elements) || elements.ValueKind != JsonValueKind.Array
                        || elements.GetArrayLength() is 0 or > 10)
                        problems.Add("invalid_blocks: a context has 1–10 elements");
                    else
                        foreach (var element in elements.EnumerateArray())
                            if (element.TryGetProperty("type", out var et) && et.GetString() == "image")
                                continue;
                            else
                                SlackTextObject(element, problems, plainOnly: false, max: 3000);
                    break;
            }
        }
        return problems;
    }

    /// <summary>Teams workflow webhook ("Post to a channel when a webhook request is received"): <c>type: message</c>
    /// with <c>attachments</c>, each of content type <c>application/vnd.microsoft.card.adaptive</c> and an Adaptive
    /// Card <c>content</c> (<c>type: AdaptiveCard</c>, a <c>version</c>, a <c>body</c> of typed elements; an
    /// <c>Action.OpenUrl</c> needs an absolute URL).</summary>
    public static List<string> TeamsProblems(string body)
    {
        var problems = new List<string>();
        if (Parse(body, problems) is not { } root)
            return problems;
        if (!root.TryGetProperty("type", out var type) || type.GetString() != "message")
            problems.Add("type must be 'message'");
        if (!root.TryGetProperty("attachments", out var attachments) || attachments.ValueKind != JsonValueKind.Array
            || attachments.GetArrayLength() == 0)
        {
            problems.Add("attachments must be a non-empty array");
            return problems;
        }
        foreach (var attachment in attachments.EnumerateArray())
        {
            if (!attachment.TryGetProperty("contentType", out var contentType)
                || contentType.GetString() != "application/vnd.microsoft.card.adaptive")
                problems.Add("attachment contentType must be application/vnd.microsoft.card.adaptive");
            if (!attachment.TryGetProperty("content", out var card) || card.ValueKind != JsonValueKind.Object)
            {
                problems.Add("attachment content must be an Adaptive Card object");
                continue;
            }
            if (!card.TryGetProperty("type", out var cardType) || cardType.GetString() != "AdaptiveCard")
                problems.Add("content.type must be 'AdaptiveCard'");
            if (!card.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.String
                || !Version.TryParse(version.GetString(), out _))
                problems.Add("content.version must be a version such as '1.4'");
            if (!card.TryGetProperty("body", out var cardBody) || cardBody.ValueKind != JsonValueKind.Array)
                problems.Add("content.body must be an array");
            else
                foreach (var element in cardBody.EnumerateArray())
                {
                    var elementType = element.TryGetProperty("type", out var et) ? et.GetString() : null;
                    if (elementType is null || !AdaptiveElementTypes.Contains(elementType))
                        problems.Add($"unknown card element type '{elementType}'");
                    else if (elementType == "TextBlock" && (!element.TryGetProperty("text", out var tb) || tb.ValueKind != JsonValueKind.String))
                        problems.Add("a TextBlock needs text");
                    else if (elementType == "FactSet" && (!element.TryGetProperty("facts", out var facts) || facts.ValueKind != JsonValueKind.Array
                             || facts.EnumerateArray().Any(f => !f.TryGetProperty("title", out _) || !f.TryGetProperty("value", out _))))
                        problems.Add("a FactSet needs facts with title and value");
                }
            if (card.TryGetProperty("actions", out var actions))
                foreach (var action in actions.EnumerateArray())
                    if (action.TryGetProperty("type", out var at) && at.GetString() == "Action.OpenUrl"
                        && (!action.TryGetProperty("url", out var url) || !Uri.TryCreate(url.GetString(), UriKind.Absolute, out var absolute) || absolute.Scheme is not ("http" or "https")))
                        problems.Add("Action.OpenUrl needs an absolute url");
        }
        return problems;
    }

    private static JsonElement? Parse(string body, List<string> problems)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
                return document.RootElement.Clone();
            problems.Add("the body must be a JSON object");
        }
        catch (JsonException e)
        {
            problems.Add("invalid JSON: " + e.Message);
        }
        return null;
    }

    private static void SlackText(JsonElement block, string property, List<string> problems, bool plainOnly, int max, bool required)
    {
        if (!block.TryGetProperty(property, out var text))
        {
            if (required)
                problems.Add($"invalid_blocks: missing {property}");
            return;
        }
        SlackTextObject(text, problems, plainOnly, max);
    }

    private static void SlackTextObject(JsonElement text, List<string> problems, bool plainOnly, int max)
    {
        var type = text.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (type is not ("plain_text" or "mrkdwn") || (plainOnly && type != "plain_text"))
            problems.Add($"invalid_blocks: text object of type '{type}'");
        if (!text.TryGetProperty("text", out var value) || value.ValueKind != JsonValueKind.String
            || value.GetString()!.Length is 0 || value.GetString()!.Length > max)
            problems.Add($"invalid_blocks: text must be 1–{max} characters");
    }
}
