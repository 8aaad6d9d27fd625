using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;

namespace Portal.Client;

/// <summary>OAuth2 client credentials for the generated client: one token shared by all requests, fetched again a
/// minute before it expires (or at once when the server refused it), one fetch at a time.</summary>
internal sealed class ClientCredentialsTokens : IAuthenticationProvider, IDisposable
{
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(1);

    private readonly Uri _tokenUrl;
    private readonly string _basic;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private (string Value, DateTimeOffset RenewAt)? _token;

    public ClientCredentialsTokens(Uri baseAddress, string clientId, string clientSecret, HttpClient? http, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ArgumentException.ThrowIfNullOrEmpty(clientSecret);
        _tokenUrl = new Uri(baseAddress, "/oauth/token");
        _basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(clientSecret)}"));
        _ownsHttp = http is null;
        _http = http ?? new HttpClient();
        _time = time;
    }

    /// <summary>How many tokens were fetched (tests and diagnostics).</summary>
    public int Fetched { get; private set; }

    public async Task AuthenticateRequestAsync(RequestInformation request, Dictionary<string, object>? additionalAuthenticationContext = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Kiota asks again with "claims" after a 401 with a challenge: the token was refused, so fetch a new one.
        var refused = additionalAuthenticationContext?.ContainsKey("claims") == true;
        var token = await TokenAsync(refused, cancellationToken).ConfigureAwait(false);
        request.Headers.Remove("Authorization");
        request.Headers.Add("Authorization", $"Bearer {token}");
    }

    private async Task<string> TokenAsync(bool refused, CancellationToken cancellationToken)
    {
        var seen = _token;
        if (!refused && seen is { } current && _time.GetUtcNow() < current.RenewAt)
            return current.Value;
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have renewed it while this one waited.
            if (_token is { } renewed && !Equals(renewed, seen) && _time.GetUtcNow() < renewed.RenewAt)
                return renewed.Value;
            using var request = new HttpRequestMessage(HttpMethod.Post, _tokenUrl)
            {
                Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", _basic);
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException(
                    $"The token endpoint answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}",
                    null, response.StatusCode);
            var issued = await response.Content.ReadFromJsonAsync<TokenAnswer>(cancellationToken).ConfigureAwait(false)
                         ?? throw new HttpRequestException("The token endpoint answered no token.");
            var lifetime = TimeSpan.FromSeconds(issued.ExpiresIn);
            _token = (issued.AccessToken, _time.GetUtcNow() + (lifetime > 2 * Margin ? lifetime - Margin : lifetime / 2));
            Fetched++;
            return issued.AccessToken;
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose()
    {
        _lock.Dispose();
        if (_ownsHttp)
            _http.Dispose();
    }

    private sealed record TokenAnswer(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}
