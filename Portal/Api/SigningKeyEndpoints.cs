using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Dispatch;
using Portal.Secrets;

namespace Portal.Api;

internal static class SigningKeyEndpoints
{
    public static void MapSigningKeyEndpoints(this RouteGroupBuilder api) =>
        api.MapGet("/signing-keys/rsa.pem", GetAsync).WithTags("Signing keys")
            .WithSummary("The platform's public key (PEM) that verifies rsa-sha256 signatures.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");

    private static async Task<ContentHttpResult> GetAsync(PlatformKeyStore keys, CancellationToken cancellationToken)
    {
        var key = await keys.GetAsync(cancellationToken);
        return TypedResults.Text(key.PublicKeyPem, "text/plain; charset=utf-8");
    }
}
