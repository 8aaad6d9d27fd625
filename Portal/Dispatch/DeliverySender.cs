using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Portal.Domain.Common;
using Portal.Domain.Deliveries;
using Portal.Domain.Dispatch;
using Portal.Domain.Subscriptions;
using Portal.Features.Subscriptions.Secrets;
using Portal.Notifications;
using Portal.Secrets;
using Portal.Shaping;
using Microsoft.Extensions.Options;

namespace Portal.Dispatch;

/// <summary>Makes one HTTP attempt for a delivery: builds the exact wire request, sends it through the SSRF-guarded
/// client with the subscription's timeout, and classifies what happened. Never throws for endpoint failures.</summary>
public sealed class DeliverySender(
    IHttpClientFactory httpClients,
    SecretProtector protector,
    PlatformKeyStore platformKeys,
    PayloadShaper shaper,
    DefaultTransformations defaultTransformations,
    IOptionsMonitor<SmtpOptions> smtp,
    TimeProvider clock)
{
    private static readonly string ProductVersion =
        typeof(DeliverySender).Assembly.GetName().Version?.ToString(3) ?? "1.0.0";

    public async Task<SendOutcome> SendAsync(DeliveryWork work, CancellationToken cancellationToken)
    {
        var startedAt = clock.GetUtcNow();
        var subscription = work.Subscription;
        WebhookRequest request;
        try
        {
            var platformKey = subscription.Signing.Scheme == SigningScheme.RsaSha256
                ? await platformKeys.GetAsync(cancellationToken)
                : null;
            var target = WebhookTarget.From(subscription, protector.Unprotect, startedAt);
            var shaped = await ShapeAsync(work, target, cancellationToken);
            if (shaped.Error is { } error)
                return new SendOutcome(work, AttemptResult.Error(AttemptErrorKind.Transformation), startedAt, 0,
                    subscription.Url, "{}", null, null, null, error);
            if (shaped.Cancelled)
                return new SendOutcome(work, AttemptResult.Error(AttemptErrorKind.Cancelled), startedAt, 0,
                    subscription.Url, "{}", null, null, null, "The transformation cancelled this delivery; nothing was sent.");
            request = new WebhookRequestBuilder(ProductVersion, platformKey)
                .Build(work.Event, work.WebhookId, work.AttemptNumber, target, startedAt, shaped.Shape);
        }
        catch (Exception e) when (e is DomainException or CryptographicException or FormatException)
        {
            return new SendOutcome(work, AttemptResult.Error(AttemptErrorKind.Configuration), startedAt, 0,
                subscription.Url, "{}", null, null, null, $"The request could not be built: {e.Message}");
        }

        var stopwatch = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(subscription.TimeoutMs);
        try
        {
            using var message = ToHttpRequest(request);
            using var response = await httpClients.CreateClient(DeliveryExtensions.HttpClientName)
                .SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var body = await ReadLimitedAsync(response.Content, timeout.Token);
            var result = AttemptResult.Response((int)response.StatusCode, RetryAfter(response, startedAt));
            return Outcome(work, request, result, startedAt, stopwatch, HeadersJson(response), body, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Outcome(work, request, AttemptResult.Error(AttemptErrorKind.Timeout), startedAt, stopwatch, null, null,
                $"No response within {subscription.TimeoutMs} ms.");
        }
        catch (HttpRequestException e)
        {
            var kind = Classify(e);
            return Outcome(work, request, AttemptResult.Error(kind), startedAt, stopwatch, null, null,
                request.Redact(Describe(e)));
        }
    }

    /// <summary>Chat message, built-in format or custom transformation; the signature then covers what it made.</summary>
    private async Task<ShapeOutcome> ShapeAsync(DeliveryWork work, WebhookTarget target, CancellationToken cancellationToken)
    {
        var subscription = work.Subscription;
        if (subscription.Kind == SubscriptionKind.Webhook && subscription.PayloadFormat != PayloadFormat.Custom)
            return ShapeOutcome.BuiltIn;
        var defaultScript = subscription.PayloadFormat == PayloadFormat.Custom && subscription.Transformation is null
            ? await defaultTransformations.ForAsync(work.Event.Type, cancellationToken)
            : null;
        // Slack and Teams need an absolute link: without the portal's public address there is none to give.
        var link = Uri.TryCreate(smtp.CurrentValue.PortalBaseUrl, UriKind.Absolute, out var portal) && portal.Scheme is "http" or "https"
            ? $"{portal.AbsoluteUri.TrimEnd('/')}/deliveries?subscription={subscription.Id}&event={work.Event.Id}"
            : null;
        return shaper.Shape(work.Event, new ShapeRequest(subscription.Kind, subscription.Shape, target.Url, target.Method,
            defaultScript, target.SigningSecrets.Count > 0 ? target.SigningSecrets[0] : null, link));
    }

    internal static HttpRequestMessage ToHttpRequest(WebhookRequest request)
    {
        var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Url)
        {
            Content = new ReadOnlyMemoryContent(request.BodyBytes),
        };
        foreach (var (name, value) in request.Headers)
        {
            if (string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase))
                message.Content.Headers.TryAddWithoutValidation(name, value);
            else
                message.Headers.TryAddWithoutValidation(name, value);
        }
        // Never "Expect: 100-continue": a receiver that does not answer it would hold the body until the timeout.
        message.Headers.ExpectContinue = false;

        return message;
    }

    /// <summary>Reads at most <see cref="Attempt.MaxResponseBodyChars"/> characters of the response into a pooled
    /// buffer: most receivers answer a few bytes, and a fresh 64 KB array per attempt was most of what a delivery
    /// allocated.</summary>
    private static async Task<string?> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(Attempt.MaxResponseBodyChars * 4);
        try
        {
            var limit = Attempt.MaxResponseBodyChars * 4;
            var read = 0;
            while (read < limit)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read, limit - read), cancellationToken);
                if (n == 0)
                    break;
                read += n;
            }

            if (read == 0)
                return null;
            var text = Encoding.UTF8.GetString(buffer, 0, read);
            return text.Length > Attempt.MaxResponseBodyChars ? text[..Attempt.MaxResponseBodyChars] : text;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
            _ => null,
        };

    private static string HeadersJson(HttpResponseMessage response) =>
        JsonSerializer.Serialize(response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase));

    internal static AttemptErrorKind Classify(HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case SsrfBlockedException:
                    return AttemptErrorKind.SsrfBlocked;
                case AuthenticationException:
                    return AttemptErrorKind.Tls;
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData }:
                    return AttemptErrorKind.Dns;
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return AttemptErrorKind.ConnectionRefused;
            }
        }

        return e.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => AttemptErrorKind.Dns,
            HttpRequestError.SecureConnectionError => AttemptErrorKind.Tls,
            _ => AttemptErrorKind.Network,
        };
    }

    private static string Describe(Exception e)
    {
        var innermost = e;
        while (innermost.InnerException is not null)
            innermost = innermost.InnerException;
        return ReferenceEquals(innermost, e) ? e.Message : $"{e.Message} ({innermost.Message})";
    }

    private static SendOutcome Outcome(DeliveryWork work, WebhookRequest request, AttemptResult result,
        DateTimeOffset startedAt, Stopwatch stopwatch, string? responseHeaders, string? responseBody, string? error) =>
        new(work, result, startedAt, (int)stopwatch.ElapsedMilliseconds, request.RedactedUrl,
            request.RedactedHeadersJson(), request.Body, responseHeaders, responseBody, error);
}
