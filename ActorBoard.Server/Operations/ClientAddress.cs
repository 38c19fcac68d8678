using System.Net;
using System.Net.Sockets;

namespace ActorBoard.Server.Operations;

/// <summary>
/// Who a client is, for the limits per client and the logs: an IPv4 address as it is, and an IPv6
/// address by its /64 network, since one host owns a whole /64 and may send from any address in
/// it. Read after the forwarded headers, so behind a trusted proxy it is the visitor, not the proxy.
/// </summary>
public static class ClientAddress
{
    public static string Of(HttpContext context) => Key(context.Connection.RemoteIpAddress);

    public static string Key(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        bytes.AsSpan(8).Clear();
        return $"{new IPAddress(bytes)}/64";
    }
}
