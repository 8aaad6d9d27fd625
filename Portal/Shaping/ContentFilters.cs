using Portal.Domain.Dispatch;

namespace Portal.Shaping;

/// <summary>Subscription content filters: a JavaScript expression over the event (<c>data.amount > 1000 &amp;&amp;
/// data.currency == "EUR"</c>) with <c>event</c>, <c>type</c> and <c>data</c> in scope. A filter that fails does not
/// match: an event is never sent because a filter broke.</summary>
public sealed class ContentFilters(ScriptSandbox sandbox, ILogger<ContentFilters> logger)
{
    public bool Matches(string? filter, WebhookEvent evt) => filter is null || Test(filter, evt).Matches;

    /// <summary>For the form's test against the sample: whether it matches, or why it failed.</summary>
    public (bool Matches, string? Error) Test(string filter, WebhookEvent evt)
    {
        try
        {
            return (sandbox.Matches(filter, WebhookRequestBuilder.Envelope(evt), evt.TenantId), null);
        }
        catch (ScriptException e)
        {
            logger.LogDebug("Filter failed for event {EventId}: {Message}", evt.Id, e.Message);
            return (false, e.Message);
        }
    }
}
