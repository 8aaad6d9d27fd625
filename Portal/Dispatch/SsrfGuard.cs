using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Portal.Dispatch;

/// <summary>Thrown when a delivery target resolves to an address deliveries may not reach.</summary>
public sealed class SsrfBlockedException(string message) : Exception(message);

/// <summary>Connect-time SSRF protection: resolve once, check every address, connect to a checked address.
/// Checking at connect time (not at validation time) defeats DNS rebinding.</summary>
public sealed class SsrfGuard(IOptionsMonitor<DeliveryOptions> options)
{
    private static readonly IPNetwork[] NonPublicNetworks =
    [
        IPNetwork.Parse("0.0.0.0/8"),        // "this" network, unspecified
        IPNetwork.Parse("10.0.0.0/8"),       // private
        IPNetwork.Parse("100.64.0.0/10"),    // carrier-grade NAT
        IPNetwork.Parse("127.0.0.0/8"),      // loopback
        IPNetwork.Parse("169.254.0.0/16"),   // link-local, cloud metadata
        IPNetwork.Parse("172.16.0.0/12"),    // private
        IPNetwork.Parse("192.0.0.0/24"),     // IETF protocol assignments
        IPNetwork.Parse("192.0.2.0/24"),     // documentation
        IPNetwork.Parse("192.168.0.0/16"),   // private
        IPNetwork.Parse("198.18.0.0/15"),    // benchmarking
        IPNetwork.Parse("198.51.100.0/24"),  // documentation
        IPNetwork.Parse("203.0.113.0/24"),   // documentation
        IPNetwork.Parse("224.0.0.0/4"),      // multicast
        IPNetwork.Parse("240.0.0.0/4"),      // reserved, broadcast
        IPNetwork.Parse("::/128"),           // unspecified
        IPNetwork.Parse("::1/128"),          // loopback
        IPNetwork.Parse("::ffff:0:0/96"),    // IPv4-mapped
        IPNetwork.Parse("64:ff9b::/96"),     // NAT64
        IPNetwork.Parse("100::/64"),         // discard
        IPNetwork.Parse("2001:db8::/32"),    // documentation
        IPNetwork.Parse("fc00::/7"),         // unique local
        IPNetwork.Parse("fe80::/10"),        // link-local
        IPNetwork.Parse("ff00::/8"),         // multicast
    ];

    public bool IsAllowed(IPAddress address)
    {
        var ssrf = options.CurrentValue.Ssrf;
        if (ssrf.AllowedNetworks.Any(n => IPNetwork.TryParse(n, out var net) && net.Contains(address)))
            return true;
        // IPv4 written as IPv6 (::ffff:a.b.c.d) is a classic filter bypass: refused outright.
        if (address.IsIPv4MappedToIPv6)
            return false;
        if (IPAddress.IsLoopback(address))
            return ssrf.AllowLoopback;
        return !NonPublicNetworks.Any(n => n.Contains(address));
    }

    /// <summary>For <see cref="SocketsHttpHandler.ConnectCallback"/>.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endPoint = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(endPoint.Host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken);

        var refused = addresses.Where(a => !IsAllowed(a)).ToList();
        if (addresses.Length == 0 || refused.Count > 0)
            throw new SsrfBlockedException(
                $"Refused to connect to {endPoint.Host}: {string.Join(", ", refused)} is not a public address.");

        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last!;
    }
}
