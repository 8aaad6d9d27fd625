using System.Net;

namespace Portal.Dispatch;

/// <summary>An address range deliveries may not reach. When <see cref="EmbeddedIPv4"/> is set the range carries an
/// IPv4 address (6to4, NAT64…): it is refused only when that IPv4 address is itself refused.</summary>
public sealed record BlockedAddressRange(IPNetwork Network, string Reason, Func<IPAddress, IPAddress>? EmbeddedIPv4 = null)
{
    /// <summary>Compares the bytes as written: <see cref="IPNetwork.Contains"/> reads ::ffff:a.b.c.d as a.b.c.d, so
    /// it puts it inside IPv4 networks and never inside ::ffff:0:0/96.</summary>
    public bool Contains(IPAddress address)
    {
        if (address.AddressFamily != Network.BaseAddress.AddressFamily)
            return false;
        Span<byte> candidate = stackalloc byte[16];
        Span<byte> network = stackalloc byte[16];
        address.TryWriteBytes(candidate, out _);
        Network.BaseAddress.TryWriteBytes(network, out _);
        var whole = Network.PrefixLength / 8;
        var rest = Network.PrefixLength % 8;
        if (!candidate[..whole].SequenceEqual(network[..whole]))
            return false;
        var mask = (byte)(0xFF << (8 - rest));
        return rest == 0 || (candidate[whole] & mask) == (network[whole] & mask);
    }

    public override string ToString() => $"{Network} ({Reason})";
}

/// <summary>Every non-public range, in one table (IANA special-purpose registries for IPv4 and IPv6). The first
/// matching row decides, so narrower rows come before the ranges that contain them.</summary>
public static class BlockedAddressRanges
{
    public static IReadOnlyList<BlockedAddressRange> All { get; } =
    [
        Refuse("0.0.0.0/8", "\"this\" network, unspecified"),
        Refuse("10.0.0.0/8", "private"),
        Refuse("100.64.0.0/10", "carrier-grade NAT"),
        Refuse("127.0.0.0/8", "loopback"),
        Refuse("169.254.0.0/16", "link-local, cloud metadata"),
        Refuse("172.16.0.0/12", "private"),
        Refuse("192.0.0.0/24", "IETF protocol assignments"),
        Refuse("192.0.2.0/24", "documentation"),
        Refuse("192.168.0.0/16", "private"),
        Refuse("198.18.0.0/15", "benchmarking"),
        Refuse("198.51.100.0/24", "documentation"),
        Refuse("203.0.113.0/24", "documentation"),
        Refuse("224.0.0.0/4", "multicast"),
        Refuse("240.0.0.0/4", "reserved, broadcast"),
        Refuse("::/128", "unspecified"),
        Refuse("::1/128", "loopback"),
        // ::a.b.c.d reaches a.b.c.d on some stacks; deprecated (RFC 4291), never a real destination.
        Refuse("::/96", "IPv4-compatible (deprecated)"),
        // ::ffff:a.b.c.d is a classic filter bypass: refused whatever the IPv4 address.
        Refuse("::ffff:0:0/96", "IPv4-mapped"),
        Embedding("::ffff:0:0:0/96", "IPv4-translated", LastFourBytes),
        Embedding("64:ff9b::/96", "NAT64 well-known prefix", LastFourBytes),
        Refuse("64:ff9b:1::/48", "NAT64 local-use prefix"),
        Refuse("100::/64", "discard"),
        Refuse("2001::/32", "Teredo tunnelling"),
        Refuse("2001:db8::/32", "documentation"),
        Embedding("2002::/16", "6to4", SixToFour),
        Refuse("fc00::/7", "unique local"),
        Refuse("fe80::/10", "link-local"),
        Refuse("fec0::/10", "site-local (deprecated)"),
        Refuse("ff00::/8", "multicast"),
    ];

    /// <summary>The row that refuses <paramref name="address"/>, or null for a public address.</summary>
    public static BlockedAddressRange? Find(IPAddress address)
    {
        foreach (var range in All)
        {
            if (!range.Contains(address))
                continue;
            if (range.EmbeddedIPv4 is null)
                return range;
            return Find(range.EmbeddedIPv4(address)) is not null ? range : null;
        }
        return null;
    }

    private static BlockedAddressRange Refuse(string network, string reason) => new(IPNetwork.Parse(network), reason);

    private static BlockedAddressRange Embedding(string network, string reason, Func<IPAddress, IPAddress> embedded) =>
        new(IPNetwork.Parse(network), $"{reason} of a non-public IPv4 address", embedded);

    private static IPAddress LastFourBytes(IPAddress address) => new(address.GetAddressBytes().AsSpan(12, 4));

    /// <summary>2002:AABB:CCDD::/48 embeds AA.BB.CC.DD.</summary>
    private static IPAddress SixToFour(IPAddress address) => new(address.GetAddressBytes().AsSpan(2, 4));
}
