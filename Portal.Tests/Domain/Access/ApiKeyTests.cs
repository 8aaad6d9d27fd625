using Portal.Domain.Access;
using Portal.Domain.Common;
using Portal.Tests.Infrastructure.Builders;

namespace Portal.Tests.Domain.Access;

public sealed class ApiKeyTests
{
    [Fact]
    public void Create_returns_a_prefixed_value_and_stores_only_its_hash()
    {
        var (key, value) = new ApiKeyBuilder().Build();

        Assert.StartsWith(ApiKey.ValuePrefix, value, StringComparison.Ordinal);
        Assert.Equal(ApiKey.ValuePrefix.Length + 48, value.Length);
        Assert.Equal(ApiKey.HashValue(value), key.Hash);
        Assert.Equal(64, key.Hash.Length);
        Assert.DoesNotContain(value, key.Hash, StringComparison.Ordinal);
        Assert.Equal(value[..10], key.Prefix);
    }

    [Fact]
    public void Create_makes_a_different_value_each_time()
    {
        var (_, first) = new ApiKeyBuilder().Build();
        var (_, second) = new ApiKeyBuilder().Build();

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void FromKnownValue_keeps_the_first_ten_characters_as_prefix()
    {
        var key = new ApiKeyBuilder().BuildWithValue("pk_demo_acme_0123456789abcdef");

        Assert.Equal("pk_demo_ac", key.Prefix);
        Assert.Equal(ApiKey.HashValue("pk_demo_acme_0123456789abcdef"), key.Hash);
    }

    [Fact]
    public void HashValue_is_the_lowercase_hex_SHA_256_of_the_value()
    {
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiKey.HashValue("abc"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("pk_fifteen_char")]
    public void FromKnownValue_shorter_than_16_characters_throws(string value)
    {
        Assert.Throws<DomainException>(() => new ApiKeyBuilder().BuildWithValue(value));
    }

    [Fact]
    public void FromKnownValue_of_exactly_16_characters_is_accepted()
    {
        Assert.Equal("pk_sixteen", new ApiKeyBuilder().BuildWithValue("pk_sixteen_chars").Prefix);
    }

    [Fact]
    public void Key_without_tenant_is_a_platform_key()
    {
        var (key, _) = new ApiKeyBuilder().ForPlatform().Build();

        Assert.True(key.IsPlatformKey);
        Assert.Null(key.TenantId);
    }

    [Fact]
    public void Revoke_is_idempotent_and_keeps_the_first_revocation_time()
    {
        var (key, _) = new ApiKeyBuilder().Build();
        var first = TestClock.Now.AddDays(1);

        key.Revoke(first);
        key.Revoke(first.AddDays(1));

        Assert.True(key.IsRevoked);
        Assert.Equal(first, key.RevokedAt);
    }

    [Fact]
    public void Blank_key_name_throws()
    {
        Assert.Throws<DomainException>(() => new ApiKeyBuilder().Named(" ").Build());
    }
}
