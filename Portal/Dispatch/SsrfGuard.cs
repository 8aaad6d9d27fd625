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
    /// <summary>The configured allowlist first, then loopback when allowed (Development), then
    /// <see cref="BlockedAddressRanges"/>.</summary>
    public bool IsAllowed(IPAddress address)
    {
        var ssrf = options.CurrentValue.Ssrf;
        if (ssrf.AllowedNetworks.Any(n => IPNetwork.TryParse(n, out var net) && net.Contains(address)))
            return true;
        if (IsPlainLoopback(address))
            return ssrf.AllowLoopback;
        return BlockedAddressRanges.Find(address) is null;
    }

    /// <summary>127.0.0.0/8 or ::1 as such: loopback written another way (::ffff:127.0.0.1, 6to4…) stays refused.</summary>
    private static bool IsPlainLoopback(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6
            ? address.Equals(IPAddress.IPv6Loopback)
            : IPAddress.IsLoopback(address);

    /// <summary>For <see cref="SocketsHttpHandler.ConnectCallback"/>.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endPoint = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(endPoint.Host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken);

        var refused = addresses.Where(a => !IsAllowed(a)).ToList();
        if (addresses.Length == 0 || refused.Count > 0)
            throw new SsrfBlockedException($"Refused to connect to {endPoint.Host}: " +
                $"{string.Join(", ", refused.Select(a => $"{a} ({BlockedAddressRanges.Find(a)?.Reason ?? "loopback"})"))} is not a public address.");

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
                // Cancelled, or any other failure: the socket is ours until a NetworkStream owns it, so it is closed
                // here whatever went wrong, and the failure goes on unchanged.
                socket.Dispose();
                throw;
            }
        }

        throw last!;
    }
}
