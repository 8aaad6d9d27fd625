using Portal.Domain.Dispatch;
using Portal.Domain.Subscriptions;
using Portal.Features.Subscriptions.Secrets;

namespace Portal.Tests.Domain.Dispatch;

public class WebhookTargetTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Stands in for Data Protection: protected values are "enc:" + plain text.</summary>
    private static string Unprotect(string value) =>
        value.StartsWith("enc:", StringComparison.Ordinal) ? value[4..] : throw new InvalidOperationException(value);

    private static Subscription NewSubscription()
    {
        var subscription = new Subscription(Guid.NewGuid(), "Billing", "https://example.com/hook?x=1",
            ["invoice.status"], Now.AddDays(-10));
        subscription.ChangeEndpoint("https://example.com/hook?x=1", "PATCH", 5_000);
        return subscription;
    }

    [Fact]
    public void From_decrypts_auth_headers_and_copies_endpoint_settings()
    {
        var subscription = NewSubscription();
        subscription.ConfigureAuth(new EndpointAuth(AuthType.Header, "X-Auth", "enc:token"));
        subscription.SetHeaders([new CustomHeader("X-Akuiteo", "enc:value")]);
        subscription.UsePayloadFormat(PayloadFormat.DataOnly);

        var target = WebhookTarget.From(subscription, Unprotect, Now);

        Assert.Equal("https://example.com/hook?x=1", target.Url);
        Assert.Equal("PATCH", target.Method);
        Assert.Equal(PayloadFormat.DataOnly, target.PayloadFormat);
        Assert.Equal((AuthType.Header, "X-Auth", "token"), (target.AuthType, target.AuthKey, target.AuthToken));
        Assert.Equal([new("X-Akuiteo", "value")], target.Headers);
        Assert.Equal(SigningScheme.None, target.SigningScheme);
        Assert.Empty(target.SigningSecrets);
    }

    [Fact]
    public void From_during_rotation_signs_with_current_and_unexpired_previous_secret()
    {
        var subscription = NewSubscription();
        subscription.ConfigureSigning(new SigningSettings(SigningScheme.StandardWebhooks, null, "enc:whsec_new",
            "enc:whsec_old", Now.AddHours(1)));

        var target = WebhookTarget.From(subscription, Unprotect, Now);

        Assert.Equal(["whsec_new", "whsec_old"], target.SigningSecrets);
    }

    [Fact]
    public void From_after_rotation_grace_drops_the_previous_secret()
    {
        var subscription = NewSubscription();
        subscription.ConfigureSigning(new SigningSettings(SigningScheme.StandardWebhooks, null, "enc:whsec_new",
            "enc:whsec_old", Now));

        Assert.Equal(["whsec_new"], WebhookTarget.From(subscription, Unprotect, Now).SigningSecrets);
    }

    [Fact]
    public void From_hmac_signs_with_the_current_secret_only()
    {
        var subscription = NewSubscription();
        subscription.ConfigureSigning(new SigningSettings(SigningScheme.HmacSha256, "X-Hub", "enc:new", "enc:old",
            Now.AddDays(1)));

        var target = WebhookTarget.From(subscription, Unprotect, Now);

        Assert.Equal(["new"], target.SigningSecrets);
        Assert.Equal("X-Hub", target.SignatureHeaderName);
    }

    [Fact]
    public void Rotated_secrets_both_sign_the_built_request()
    {
        var current = StandardWebhookSecret.Generate();
        var previous = StandardWebhookSecret.Generate();
        var subscription = NewSubscription();
        subscription.ConfigureSigning(new SigningSettings(SigningScheme.StandardWebhooks, null, "enc:" + current,
            "enc:" + previous, Now.AddMinutes(5)));
        var target = WebhookTarget.From(subscription, Unprotect, Now);
        var evt = new WebhookEvent(Guid.NewGuid(), "invoice.status", Now, subscription.TenantId, "{}");

        var request = new WebhookRequestBuilder("1.0.0").Build(evt, "msg_1", 0, target, Now);

        var header = request.Headers.Single(h => h.Key == "webhook-signature").Value;
        Assert.Equal(WebhookSignatures.StandardWebhooks("msg_1", Now.ToUnixTimeSeconds(), request.Body, [current]) + " "
            + WebhookSignatures.StandardWebhooks("msg_1", Now.ToUnixTimeSeconds(), request.Body, [previous]), header);
        Assert.Equal("PATCH", request.Method);
    }
}
