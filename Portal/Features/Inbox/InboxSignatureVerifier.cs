using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Dispatch;
using Portal.Domain.Dispatch;
using Portal.Domain.Subscriptions;
using Portal.Secrets;

namespace Portal.Features.Inbox;

/// <summary>Checks a received request's signature the way a receiver would, with the subscription's own secret
/// (found through the stable webhook-id), so a new user sees that signing works end to end.</summary>
public sealed class InboxSignatureVerifier(PortalDbContext db, SecretProtector protector, PlatformKeyStore platformKeys)
{
    public async Task<SignatureCheck> CheckAsync(Guid tenantId, IReadOnlyDictionary<string, string> headers, string body,
        CancellationToken cancellationToken = default)
    {
        if (!headers.TryGetValue("webhook-id", out var webhookId))
            return new(SignatureVerdict.UnknownMessage, "No webhook-id header: not sent by Portal.");
        // The inbox is called by the dispatcher, not by a signed-in user: the tenant comes from the inbox URL.
        var subscription = await (
                from d in db.Deliveries.IgnoreQueryFilters()
                join s in db.Subscriptions.IgnoreQueryFilters() on d.SubscriptionId equals s.Id
                where d.WebhookId == webhookId && d.TenantId == tenantId
                select s)
            .AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        if (subscription is null)
            return new(SignatureVerdict.UnknownMessage, "Not a delivery of this tenant (a Test request is not stored, so it cannot be checked).");

        var signing = subscription.Signing;
        var headerName = signing.HeaderName ?? WebhookHeaders.DefaultSignature;
        switch (signing.Scheme)
        {
            case SigningScheme.StandardWebhooks:
                if (!headers.TryGetValue("webhook-signature", out var received) || !headers.TryGetValue("webhook-timestamp", out var ts)
                    || !long.TryParse(ts, out var timestamp))
                    return new(SignatureVerdict.Invalid, "webhook-signature or webhook-timestamp is missing.");
                var secrets = new[] { signing.ProtectedSecret, signing.ProtectedPreviousSecret }
                    .Select(protector.UnprotectOrNull).OfType<string>().ToList();
                var expected = WebhookSignatures.StandardWebhooks(webhookId, timestamp, body, secrets).Split(' ');
                return received.Split(' ').Intersect(expected).Any()
                    ? new(SignatureVerdict.Valid, "webhook-signature verifies with the subscription's secret.")
                    : new(SignatureVerdict.Invalid, "webhook-signature does not match the subscription's secret.");
            case SigningScheme.HmacSha256:
                var secret = protector.UnprotectOrNull(signing.ProtectedSecret) ?? "";
                return headers.TryGetValue(headerName, out var hmac)
                       && hmac == WebhookSignatures.HmacSha256(secret, Encoding.UTF8.GetBytes(body))
                    ? new(SignatureVerdict.Valid, $"{headerName} verifies with the subscription's secret.")
                    : new(SignatureVerdict.Invalid, $"{headerName} does not match the subscription's secret.");
            case SigningScheme.RsaSha256:
                using (var rsa = RSA.Create())
                {
                    rsa.ImportFromPem((await platformKeys.GetAsync(cancellationToken)).PublicKeyPem);
                    var valid = headers.TryGetValue(headerName, out var rsaSignature)
                        && TryBase64(rsaSignature) is { } bytes
                        && rsa.VerifyData(Encoding.UTF8.GetBytes(body), bytes, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                    return valid
                        ? new(SignatureVerdict.Valid, $"{headerName} verifies with the platform's public key.")
                        : new(SignatureVerdict.Invalid, $"{headerName} does not verify with the platform's public key.");
                }
            default:
                return new(SignatureVerdict.NotSigned, "The subscription does not sign its requests.");
        }
    }

    private static byte[]? TryBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }
}
