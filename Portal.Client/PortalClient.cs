using System.Text.Json;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Portal.Client.Generated;
using Portal.Client.Generated.Models;

namespace Portal.Client;

/// <summary>The Portal API with authentication set up: <see cref="Api"/> is the generated client (every route), the
/// methods here cover publishing, the call a backend makes most.</summary>
public sealed class PortalClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly ClientCredentialsTokens? _tokens;

    private PortalClient(Uri baseAddress, IAuthenticationProvider authentication, HttpClient? http, ClientCredentialsTokens? tokens)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        _ownsHttp = http is null;
        _http = http ?? new HttpClient();
        _tokens = tokens;
        var adapter = new HttpClientRequestAdapter(authentication, httpClient: _http)
        {
            BaseUrl = baseAddress.AbsoluteUri.TrimEnd('/'),
        };
        Api = new PortalApiClient(adapter);
    }

    /// <summary>How many access tokens this client fetched (0 with an API key).</summary>
    public int TokenFetches => _tokens?.Fetched ?? 0;

    /// <summary>Every route of the API, as generated from its OpenAPI document.</summary>
    public PortalApiClient Api { get; }

    /// <summary>Authenticates every request with <c>X-API-Key</c> (a tenant's key or a platform key).</summary>
    public static PortalClient WithApiKey(Uri baseAddress, string apiKey, HttpClient? http = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        return new PortalClient(baseAddress, new ApiKeyAuthentication(apiKey), http, null);
    }

    /// <summary>Authenticates with a bearer token from <c>POST /oauth/token</c> (client credentials), fetched on
    /// first use and fetched again shortly before it expires.</summary>
    public static PortalClient WithClientCredentials(Uri baseAddress, string clientId, string clientSecret,
        HttpClient? http = null, TimeProvider? time = null)
    {
        var tokens = new ClientCredentialsTokens(baseAddress, clientId, clientSecret, http, time ?? TimeProvider.System);
        return new PortalClient(baseAddress, tokens, http, tokens);
    }

    /// <summary>Publishes one event; <paramref name="data"/> is serialized with System.Text.Json (web defaults).</summary>
    public Task<PublishEventResponse?> PublishAsync<T>(string eventType, T data, PublishOptions? options = null,
        CancellationToken cancellationToken = default) =>
        Api.Api.V1.Events.PostAsync(Request(eventType, data, options), cancellationToken: cancellationToken);

    /// <summary>Publishes several events in one request: one result per event, in order; a bad one fails alone
    /// (its result carries the status and ProblemDetails a single publish would have answered).</summary>
    public async Task<IReadOnlyList<PublishBatchItemResult>> PublishBatchAsync(IEnumerable<PublishEventRequest> events,
        CancellationToken cancellationToken = default)
    {
        var response = await Api.Api.V1.Events.Batch.PostAsync(new PublishBatchRequest { Events = [.. events] },
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return response?.Results ?? [];
    }

    /// <summary>One event for <see cref="PublishBatchAsync"/>.</summary>
    public static PublishEventRequest Request<T>(string eventType, T data, PublishOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventType);
        return new PublishEventRequest
        {
            EventType = eventType,
            Data = JsonNodes.From(JsonSerializer.SerializeToElement(data, JsonSerializerOptions.Web)),
            IdempotencyKey = options?.IdempotencyKey,
            TenantId = options?.TenantId,
            TenantExternalId = options?.TenantExternalId,
        };
    }

    public void Dispose()
    {
        _tokens?.Dispose();
        if (_ownsHttp)
            _http.Dispose();
    }
}

/// <summary>Optional fields of a publish: the idempotency key, and the tenant when a platform credential publishes.</summary>
public sealed record PublishOptions(string? IdempotencyKey = null, Guid? TenantId = null, string? TenantExternalId = null);

/// <summary>JSON values as Kiota's untyped nodes (the type of an event's free-form data).</summary>
internal static class JsonNodes
{
    public static UntypedNode From(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => new UntypedObject(element.EnumerateObject().ToDictionary(p => p.Name, p => From(p.Value))),
        JsonValueKind.Array => new UntypedArray(element.EnumerateArray().Select(From).ToList()),
        JsonValueKind.String => new UntypedString(element.GetString()),
        JsonValueKind.Number when element.TryGetInt64(out var integer) => new UntypedLong(integer),
        JsonValueKind.Number => new UntypedDouble(element.GetDouble()),
        JsonValueKind.True => new UntypedBoolean(true),
        JsonValueKind.False => new UntypedBoolean(false),
        _ => new UntypedNull(),
    };
}
