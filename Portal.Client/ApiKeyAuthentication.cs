using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;

namespace Portal.Client;

/// <summary>X-API-Key on every request. Kiota's own provider refuses plain http, which a Portal on localhost (the
/// README's walkthrough, a development host) serves; the base address is the caller's choice.</summary>
internal sealed class ApiKeyAuthentication(string apiKey) : IAuthenticationProvider
{
    public Task AuthenticateRequestAsync(RequestInformation request, Dictionary<string, object>? additionalAuthenticationContext = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Remove("X-API-Key");
        request.Headers.Add("X-API-Key", apiKey);
        return Task.CompletedTask;
    }
}
