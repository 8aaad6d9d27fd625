using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Portal.Domain.Dispatch;

/// <summary>One HTTP call, ready to send, with its redacted twin for the attempt log. Send <see cref="BodyBytes"/>
/// as they are: the signatures cover exactly these bytes.</summary>
public sealed class WebhookRequest
{
    private static readonly JsonWriterOptions HeadersJsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    internal WebhookRequest(string method, string url, IReadOnlyList<KeyValuePair<string, string>> headers, string body,
        string redactedUrl, IReadOnlyList<KeyValuePair<string, string>> redactedHeaders, IReadOnlyList<string> secrets)
    {
        Method = method;
        Url = url;
        Headers = headers;
        Body = body;
        BodyBytes = Encoding.UTF8.GetBytes(body);
        RedactedUrl = redactedUrl;
        RedactedHeaders = redactedHeaders;
        Secrets = secrets;
    }

    public string Method { get; }
    public string Url { get; }

    /// <summary>In sending order, Content-Type included (the host moves it to the content headers).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }
    public string Body { get; }

    /// <summary>UTF-8, no BOM.</summary>
    public ReadOnlyMemory<byte> BodyBytes { get; }

    /// <summary>The URL with a query auth token replaced by <c>***</c>.</summary>
    public string RedactedUrl { get; }

    /// <summary>The headers with auth and custom values masked (an Authorization scheme is kept: <c>Bearer ***</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> RedactedHeaders { get; }

    /// <summary>The plain-text secrets this request carries, for <see cref="Redact"/>.</summary>
    public IReadOnlyList<string> Secrets { get; }

    /// <summary>The redacted headers as one JSON object, in order, as the attempt log stores them.</summary>
    public string RedactedHeadersJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, HeadersJsonOptions))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in RedactedHeaders)
                writer.WriteString(name, value);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Masks this request's secrets in free text, e.g. an exception message that quotes the URL.</summary>
    public string Redact(string text) => SecretRedactor.Redact(text, Secrets);

    public override string ToString() => $"{Method} {RedactedUrl}";
}
