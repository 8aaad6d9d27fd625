using Portal.Tests.Infrastructure;
using System.Net;
using Microsoft.Extensions.Options;
using Portal.Dispatch;

namespace Portal.Tests.Dispatch;

public sealed class SsrfGuardTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("::1")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.5.4")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("fe80::1")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.254")]
    [InlineData("224.0.0.1")]
    [InlineData("ff02::1")]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("255.255.255.255")]
    public void Non_public_addresses_are_refused_by_default(string address) =>
        Assert.False(Guard().IsAllowed(IPAddress.Parse(address)));

    /// <summary>IPv4 smuggled inside IPv6 (issue 16): compatible, 6to4, Teredo, site-local, NAT64, translated.</summary>
    [Theory]
    [InlineData("::127.0.0.1")]
    [InlineData("::10.0.0.1")]
    [InlineData("::169.254.169.254")]
    [InlineData("::8.8.8.8")]
    [InlineData("2002:7f00:1::")]
    [InlineData("2002:a9fe:a9fe::")]
    [InlineData("2002:a00:1::1")]
    [InlineData("2001:0:a00:1::")]
    [InlineData("2001:0:808:808::")]
    [InlineData("fec0::1")]
    [InlineData("64:ff9b:1::a00:1")]
    [InlineData("64:ff9b::a00:1")]
    [InlineData("64:ff9b::7f00:1")]
    [InlineData("::ffff:0:7f00:1")]
    [InlineData("::ffff:0:a9fe:a9fe")]
    public void IPv4_embedded_in_IPv6_is_refused_when_it_is_not_public(string address)
    {
        Assert.False(Guard().IsAllowed(IPAddress.Parse(address)));
        Assert.False(Guard(new SsrfOptions { AllowLoopback = true }).IsAllowed(IPAddress.Parse(address)));
    }

    /// <summary>6to4, well-known NAT64 (DNS64 on IPv6-only hosts) and translated forms of a public IPv4 address.</summary>
    [Theory]
    [InlineData("2002:808:808::1")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("::ffff:0:101:101")]
    public void IPv4_embedded_in_IPv6_is_allowed_when_it_is_public(string address) =>
        Assert.True(Guard().IsAllowed(IPAddress.Parse(address)));

    /// <summary>One address per row of the table, and the row that refuses it.</summary>
    public static TheoryData<string, string> RangeSamples { get; } = new()
    {
        { "0.1.2.3", "0.0.0.0/8" },
        { "10.200.0.1", "10.0.0.0/8" },
        { "100.100.0.1", "100.64.0.0/10" },
        { "127.0.0.2", "127.0.0.0/8" },
        { "169.254.169.254", "169.254.0.0/16" },
        { "172.20.0.1", "172.16.0.0/12" },
        { "192.0.0.8", "192.0.0.0/24" },
        { "192.0.2.10", "192.0.2.0/24" },
        { "192.168.100.1", "192.168.0.0/16" },
        { "198.19.0.1", "198.18.0.0/15" },
        { "198.51.100.7", "198.51.100.0/24" },
        { "203.0.113.9", "203.0.113.0/24" },
        { "239.255.255.250", "224.0.0.0/4" },
        { "250.1.2.3", "240.0.0.0/4" },
        { "::", "::/128" },
        { "::1", "::1/128" },
        { "::10.0.0.1", "::/96" },
        { "::ffff:8.8.8.8", "::ffff:0:0/96" },
        { "::ffff:0:7f00:1", "::ffff:0:0:0/96" },
        { "64:ff9b::a9fe:a9fe", "64:ff9b::/96" },
        { "64:ff9b:1::808:808", "64:ff9b:1::/48" },
        { "100::1", "100::/64" },
        { "2001:0:4136:e378::1", "2001::/32" },
        { "2001:db8::1", "2001:db8::/32" },
        { "2002:c0a8:101::", "2002::/16" },
        { "fd00::1", "fc00::/7" },
        { "fe80::1", "fe80::/10" },
        { "fec0::1", "fec0::/10" },
        { "ff02::1", "ff00::/8" },
    };

    [Theory]
    [MemberData(nameof(RangeSamples))]
    public void Each_blocked_range_refuses_its_addresses(string address, string range)
    {
        Assert.Equal(range, BlockedAddressRanges.Find(IPAddress.Parse(address))?.Network.ToString());
        Assert.False(Guard().IsAllowed(IPAddress.Parse(address)));
    }

    [Fact]
    public void Every_blocked_range_has_a_sample_address_and_a_reason()
    {
        var sampled = RangeSamples.Select(row => (string)row[1]).ToHashSet();
        Assert.All(BlockedAddressRanges.All, range =>
        {
            Assert.Contains(range.Network.ToString(), sampled);
            Assert.False(string.IsNullOrWhiteSpace(range.Reason));
        });
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700:4700::1111")]
    public void Public_addresses_are_allowed(string address) =>
        Assert.True(Guard().IsAllowed(IPAddress.Parse(address)));

    [Fact]
    public void Loopback_is_allowed_only_when_configured()
    {
        var guard = Guard(new SsrfOptions { AllowLoopback = true });

        Assert.True(guard.IsAllowed(IPAddress.Loopback));
        Assert.True(guard.IsAllowed(IPAddress.IPv6Loopback));
        Assert.False(guard.IsAllowed(IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.False(guard.IsAllowed(IPAddress.Parse("10.0.0.1")));
    }

    [Fact]
    public void Allowlisted_networks_are_allowed()
    {
        var guard = Guard(new SsrfOptions { AllowedNetworks = ["10.20.0.0/16", "not a network"] });

        Assert.True(guard.IsAllowed(IPAddress.Parse("10.20.3.4")));
        Assert.False(guard.IsAllowed(IPAddress.Parse("10.21.0.1")));
    }

    private static SsrfGuard Guard(SsrfOptions? ssrf = null) =>
        new(new StaticOptionsMonitor<DeliveryOptions>(new DeliveryOptions { Ssrf = ssrf ?? new SsrfOptions() }));
}
