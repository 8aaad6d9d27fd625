using System.Collections.Concurrent;
using System.Text.Json;
using Fluid;

namespace Portal.Shaping;

/// <summary>Renders Liquid body templates (Fluid). Fluid only reads what the model exposes — here plain dictionaries
/// and lists made from the event's JSON — and has no I/O; steps and recursion are bounded.</summary>
public sealed class LiquidTemplates
{
    private const int MaxCached = 2_000;
    private static readonly FluidParser Parser = new();
    private static readonly TemplateOptions Options = new TemplateOptionsBuilder()
        .WithMaxSteps(100_000)
        .WithMaxRecursion(32)
        .WithMaxOutputSize(1_000_000)
        .WithTimeZone(TimeZoneInfo.Utc)
        .Build();

    private readonly ConcurrentDictionary<string, IFluidTemplate> _templates = new(StringComparer.Ordinal);

    /// <summary>Renders with <c>event</c> (id, type, timestamp, tenantId), <c>data</c> and, when given, <c>secret</c>
    /// in scope.</summary>
    public string Render(string template, string envelopeJson, string? secret)
    {
        var parsed = Parse(template);
        using var envelope = JsonDocument.Parse(envelopeJson);
        var model = (Dictionary<string, object?>)ToModel(envelope.RootElement)!;
        var context = new TemplateContext(Options);
        context.SetValue("event", model);
        if (model.GetValueOrDefault("data") is { } data)
            context.SetValue("data", data);
        if (secret is not null)
            context.SetValue("secret", secret);
        try
        {
            return parsed.Render(context);
        }
        catch (InvalidOperationException e)
        {
            throw new ScriptException($"The body template failed: {e.Message}");
        }
    }

    /// <summary>A syntax error as a message, or null.</summary>
    public string? SyntaxProblem(string template) =>
        Parser.TryParse(template, out _, out var error) ? null : $"Template error: {error}";

    private IFluidTemplate Parse(string template)
    {
        if (_templates.TryGetValue(template, out var cached))
            return cached;
        if (!Parser.TryParse(template, out var parsed, out var error))
            throw new ScriptException($"Template error: {error}");
        if (_templates.Count >= MaxCached)
            _templates.Clear();
        return _templates[template] = parsed;
    }

    private static object? ToModel(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => ToModel(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Select(ToModel).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var l) ? l : element.GetDecimal(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
