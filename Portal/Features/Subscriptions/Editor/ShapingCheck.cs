using Microsoft.EntityFrameworkCore;
using Portal.Common;
using Portal.Data;
using Portal.Domain.Dispatch;
using Portal.Domain.Subscriptions;
using Portal.Shaping;

namespace Portal.Features.Subscriptions.Editor;

/// <summary>What the form's preview shows: the body as it would be sent for the sample, and whether the filter lets
/// the sample through. Method, URL and headers are set when a transformation changed them.</summary>
public sealed record ShapingPreview(string? Body, bool Cancelled, string? Error, bool? FilterMatches, string? FilterError,
    string? Method = null, string? Url = null, IReadOnlyList<KeyValuePair<string, string>>? Headers = null);

/// <summary>Validates and test-runs a subscription's transformation, template and filter on save, against the sample
/// of its first event type; also the form's preview.</summary>
public sealed class ShapingCheck(IServiceScopeFactory scopes, PayloadShaper shaper, ContentFilters filters,
    ScriptSandbox sandbox, LiquidTemplates liquid, TimeProvider clock)
{
    public async Task<Error?> CheckAsync(SubscriptionInput input, CancellationToken cancellationToken)
    {
        if (input.Filter is { Length: > 0 } filter && sandbox.SyntaxProblem(filter, expression: true) is { } filterSyntax)
            return Error.Validation("filter", filterSyntax);
        if (input.PayloadFormat != PayloadFormat.Custom || input.Kind != SubscriptionKind.Webhook)
            return null;
        if (input.BodyTemplate is { Length: > 0 } template && liquid.SyntaxProblem(template) is { } templateSyntax)
            return Error.Validation("bodyTemplate", templateSyntax);
        if (input.Transformation is { Length: > 0 } script && sandbox.SyntaxProblem(script) is { } scriptSyntax)
            return Error.Validation("transformation", scriptSyntax);
        var preview = await PreviewAsync(input, input.EventTypes.FirstOrDefault(), cancellationToken);
        if (preview.Error is { } error)
            return Error.Validation(input.Transformation is { Length: > 0 } ? "transformation" : "bodyTemplate",
                $"Test run against the sample failed: {error}");
        return preview.FilterError is { } filterError
            ? Error.Validation("filter", $"Test run against the sample failed: {filterError}")
            : null;
    }

    public async Task<ShapingPreview> PreviewAsync(SubscriptionInput input, string? eventType, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var type = eventType is null ? null : await db.EventTypes.AsNoTracking().Where(t => t.Name == eventType)
            .Select(t => new { t.Name, t.SamplePayload, t.DefaultTransformation }).FirstOrDefaultAsync(cancellationToken);
        var evt = new WebhookEvent(Guid.CreateVersion7(), type?.Name ?? eventType ?? "sample.event", clock.GetUtcNow(),
            Guid.Empty, type?.SamplePayload ?? "{}");
        var shape = new PayloadShape(input.PayloadFormat, Blank(input.Transformation), Blank(input.BodyTemplate), input.SecretInBody);
        var outcome = shaper.Shape(evt, new ShapeRequest(input.Kind, shape, input.Url, input.Method,
            type?.DefaultTransformation, input.SecretInBody ? "whsec_sample-secret" : null, "https://portal.example/deliveries"));
        var body = outcome.Shape?.Body ?? (outcome.Error is null && !outcome.Cancelled ? PayloadFormats.Body(input.PayloadFormat, evt) : null);
        (bool Matches, string? Error)? filter = input.Filter is { Length: > 0 } f ? filters.Test(f, evt) : null;
        var sent = outcome.Shape;
        return new ShapingPreview(body, outcome.Cancelled, outcome.Error, filter?.Matches, filter?.Error,
            sent is not null && !string.Equals(sent.Method, input.Method, StringComparison.OrdinalIgnoreCase) ? sent.Method : null,
            sent is not null && sent.Url != input.Url ? sent.Url : null,
            sent is { Headers.Count: > 0 } ? sent.Headers : null);
    }

    /// <summary>An event type's default transformation (catalogue admin): its syntax, then a test run over the type's
    /// sample as a custom-format subscription without a script of its own would run it. Null when it works.</summary>
    public string? DefaultTransformationProblem(string script, string eventType, string samplePayload)
    {
        if (sandbox.SyntaxProblem(script) is { } syntax)
            return syntax;
        var evt = new WebhookEvent(Guid.CreateVersion7(), eventType, clock.GetUtcNow(), Guid.Empty,
            string.IsNullOrWhiteSpace(samplePayload) ? "{}" : samplePayload);
        var outcome = shaper.Shape(evt, new ShapeRequest(SubscriptionKind.Webhook, new PayloadShape(PayloadFormat.Custom),
            "https://receiver.example/webhooks", "POST", script));
        return outcome.Error is { } error ? $"Test run against the sample failed: {error}" : null;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
