using Portal.Domain.Common;

namespace Portal.Domain.Deliveries;

/// <summary>One HTTP call of a delivery, as sent (secrets redacted) and as answered.</summary>
public sealed class Attempt : ITenantOwned
{
    /// <summary>Response bodies are cut at 16 KiB.</summary>
    public const int MaxResponseBodyChars = 16 * 1024;

    private Attempt() { RequestUrl = RequestHeaders = ""; }

    public Attempt(Delivery delivery, int number, AttemptTrigger trigger, string? triggeredBy, DateTimeOffset startedAt,
        string requestUrl, string requestHeaders, string? requestBody)
    {
        if (number < 0)
            throw new DomainException("Attempt numbers start at 0.");
        Id = Guid.CreateVersion7(startedAt);
        DeliveryId = delivery.Id;
        TenantId = delivery.TenantId;
        Number = number;
        Trigger = trigger;
        TriggeredBy = triggeredBy;
        StartedAt = startedAt;
        RequestUrl = requestUrl;
        RequestHeaders = requestHeaders;
        RequestBody = requestBody;
    }

    public Guid Id { get; private set; }
    public Guid DeliveryId { get; private set; }
    public Guid TenantId { get; private set; }

    /// <summary>0 for the first attempt (Accredit's X-JobAttempt).</summary>
    public int Number { get; private set; }
    public AttemptTrigger Trigger { get; private set; }
    public string? TriggeredBy { get; private set; }
    public DateTimeOffset StartedAt { get; private set; }
    public int DurationMs { get; private set; }
    public string RequestUrl { get; private set; }

    /// <summary>Request headers as JSON, secrets redacted.</summary>
    public string RequestHeaders { get; private set; }
    public string? RequestBody { get; private set; }
    public int? ResponseStatus { get; private set; }
    public string? ResponseHeaders { get; private set; }
    public string? ResponseBody { get; private set; }
    public AttemptErrorKind ErrorKind { get; private set; }
    public string? ErrorMessage { get; private set; }

    public bool Succeeded => ResponseStatus is >= 200 and < 300;

    public void RecordResponse(int status, string? headers, string? body, int durationMs)
    {
        ResponseStatus = status;
        ResponseHeaders = headers;
        ResponseBody = body is null ? null : Cut(body, MaxResponseBodyChars);
        DurationMs = durationMs;
        ErrorKind = AttemptErrorKind.None;
    }

    public void RecordError(AttemptErrorKind kind, string message, int durationMs)
    {
        if (kind == AttemptErrorKind.None)
            throw new DomainException("An error needs a kind.");
        ErrorKind = kind;
        ErrorMessage = Cut(message, 1000);
        DurationMs = durationMs;
    }

    /// <summary>Cuts without splitting a surrogate pair: half an emoji is invalid UTF-16 that PostgreSQL's
    /// (strict) UTF-8 encoder refuses, which would make the attempt impossible to save.</summary>
    private static string Cut(string text, int maxChars) =>
        text.Length <= maxChars ? text : text[..(char.IsHighSurrogate(text[maxChars - 1]) ? maxChars - 1 : maxChars)];
}
