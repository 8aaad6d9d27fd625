using Portal.Domain.Common;
using Portal.Domain.Dispatch;
using Portal.Domain.Subscriptions;
using Portal.Tests.Infrastructure.Builders;

namespace Portal.Tests.Domain.Subscriptions;

public sealed class SecretRotationTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromHours(24);
    private static readonly DateTimeOffset Now = TestClock.Now.AddMinutes(5);

    private static Subscription Signed(SigningScheme scheme, string? protectedSecret)
    {
        var subscription = new SubscriptionBuilder().Build();
        subscription.ConfigureSigning(new SigningSettings(scheme, null, protectedSecret, null, null));
        return subscription;
    }

    [Fact]
    public void Standard_webhooks_rotation_keeps_the_previous_secret_for_the_grace_period()
    {
        var subscription = Signed(SigningScheme.StandardWebhooks, "enc:old");

        var until = subscription.RotateSecret("enc:new", Grace, Now);

        Assert.Equal(Now + Grace, until);
        Assert.Equal(new SigningSettings(SigningScheme.StandardWebhooks, null, "enc:new", "enc:old", Now + Grace),
            subscription.Signing);
        Assert.Equal(Now, subscription.UpdatedAt);
    }

    [Fact]
    public void Hmac_rotation_switches_at_once()
    {
        var subscription = Signed(SigningScheme.HmacSha256, "enc:old");

        var until = subscription.RotateSecret("enc:new", Grace, Now);

        Assert.Null(until);
        Assert.Equal(new SigningSettings(SigningScheme.HmacSha256, null, "enc:new", null, null), subscription.Signing);
    }

    [Theory]
    [InlineData(SigningScheme.RsaSha256)]
    [InlineData(SigningScheme.None)]
    public void A_scheme_without_a_shared_secret_cannot_rotate_nor_generate_one(SigningScheme scheme)
    {
        var subscription = Signed(scheme, null);

        Assert.Throws<DomainException>(() => subscription.RotateSecret("enc:new", Grace, Now));
        Assert.Null(SigningSecret.Generate(scheme));
    }

    [Fact]
    public void Generated_secrets_have_the_schemes_shape_and_differ()
    {
        var standard = SigningSecret.Generate(SigningScheme.StandardWebhooks)!;
        var hmac = SigningSecret.Generate(SigningScheme.HmacSha256)!;

        Assert.StartsWith(StandardWebhookSecret.Prefix, standard);
        Assert.Equal(32, Convert.FromBase64String(standard[StandardWebhookSecret.Prefix.Length..]).Length);
        Assert.Equal(32, Convert.FromBase64String(hmac).Length);
        Assert.NotEqual(hmac, SigningSecret.Generate(SigningScheme.HmacSha256));
    }
}
