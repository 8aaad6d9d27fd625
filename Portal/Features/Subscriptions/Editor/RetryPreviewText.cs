using Portal.Domain.Dispatch;

namespace Portal.Features.Subscriptions.Editor;

/// <summary>The form's schedule preview: what the chosen retry settings mean in time, or why they cannot be used.</summary>
public static class RetryPreviewText
{
    public static (bool Valid, string Text) For(SubscriptionInput input)
    {
        var settings = input.ToRetrySettings();
        if (RetryPolicy.Validate(settings) is [var first, ..])
            return (false, first.Message);
        var timeout = TimeSpan.FromMilliseconds(Math.Max(input.TimeoutMs, 0));
        return (true, RetryPolicy.ScheduleFor(settings, timeout).Preview().Summary);
    }
}
