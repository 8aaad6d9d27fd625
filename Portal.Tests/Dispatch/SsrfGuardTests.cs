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
