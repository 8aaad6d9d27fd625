using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Components.Shared;
using Portal.Domain.Subscriptions;

namespace Portal.Features.Subscriptions.Editor;

/// <summary>The form's Payload section: destination-specific body format, custom template and transformation, the
/// content filter and a live preview for the sample of a chosen event type. The rules and the run are
/// <see cref="ShapingCheck"/>'s, the same the API's save uses.</summary>
public partial class ShapingFields
{
    internal const string TemplateExample = """{"invoice": "{{ data.invoiceId }}", "status": "{{ data.status }}"}""";

    internal const string ScriptExample = """
        function handler(webhook) {
          webhook.payload = { invoice: webhook.payload.data.invoiceId };
          return webhook;
        }
        """;

    private const string FilterExample = "data.amount > 1000 && data.currency == \"EUR\"";

    private const string ScriptHelp = "handler(webhook) gets {eventType, method, url, headers, payload, cancel} and returns it changed: " +
        "set payload, method, the URL's query or headers, or cancel = true to send nothing. Blank: the event type's default, if any.";

    private ShapingPreview? _preview;
    private string? _eventType;
    private string? _previewedKey;
    private int _run;
    private ShapingPreview? _filterTest;

    [Parameter, EditorRequired] public SubscriptionInput Input { get; set; } = default!;
    [Parameter, EditorRequired] public FieldErrors Errors { get; set; } = default!;
    [Parameter] public EventCallback Changed { get; set; }

    [Inject] private ShapingCheck Check { get; set; } = default!;

    /// <summary>The parent re-renders on every change of the form: the preview runs again when what it depends on changed.</summary>
    protected override async Task OnParametersSetAsync()
    {
        if (_eventType is null || !Input.EventTypes.Contains(_eventType))
            _eventType = Input.EventTypes.FirstOrDefault();
        var key = string.Join('\u001f', _eventType, Input.Kind, Input.PayloadFormat, Input.BodyTemplate, Input.Transformation,
            Input.SecretInBody, Input.Method, Input.Url);
        if (key == _previewedKey)
            return;
        _previewedKey = key;
        await RunPreviewAsync();
    }

    private async Task RunPreviewAsync()
    {
        if (_eventType is null)
        {
            _preview = null;
            return;
        }
        var run = ++_run;
        var preview = await Check.PreviewAsync(Input, _eventType, CancellationToken.None);
        if (run == _run)
            _preview = preview;
    }

    private async Task SampleChangedAsync(string? eventType)
    {
        _eventType = eventType;
        _previewedKey = null;
        _filterTest = null;
        await OnParametersSetAsync();
    }

    private async Task FilterChangedAsync()
    {
        _filterTest = null;
        await Changed.InvokeAsync();
    }

    private async Task TestFilterAsync()
    {
        if (string.IsNullOrWhiteSpace(Input.Filter))
            return;
        _filterTest = await Check.PreviewAsync(Input, _eventType, CancellationToken.None);
    }

    private static string FilterState(ShapingPreview test) =>
        test.FilterError is not null ? "error" : test.FilterMatches == true ? "match" : "no-match";

    private string FilterText(ShapingPreview test) => test.FilterError is { } error
        ? $"The filter failed on the {_eventType} sample: {error}"
        : test.FilterMatches == true
            ? $"Matches the {_eventType} sample: such an event is sent."
            : $"Does not match the {_eventType} sample: such an event would not be sent.";

    private static Color FilterColor(ShapingPreview test) =>
        test.FilterError is not null ? Color.Error : test.FilterMatches == true ? Color.Success : Color.Warning;

    private static string FormatHelp(PayloadFormat format) => format switch
    {
        PayloadFormat.Envelope => "Portal's envelope, the same for every event type.",
        PayloadFormat.DataOnly => "For receivers that expect the vendor's bare payload.",
        PayloadFormat.Accredit => "PascalCase Event and Timestamp next to the event's own fields.",
        PayloadFormat.Defacto => "entity_type, transition_name, status, timestamp, id, event_type, entity_state.",
        _ => "A Liquid template, a JavaScript transformation, or both (the template first). Signatures cover the body actually sent.",
    };
}
