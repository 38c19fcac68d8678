using System.Net;
using System.Net.Sockets;

namespace ActorBoard.Tests.Support;

/// <summary>
/// An HTTP client whose connections come from a loopback address of its own (127.0.0.11, …: Linux
/// answers the whole 127.0.0.0/8), so one test process plays several visitors with different addresses.
/// </summary>
public static class LoopbackClient
{
    public static HttpClient From(string sourceAddress, Uri baseAddress) =>
        new(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(sourceAddress), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        })
        { BaseAddress = baseAddress };
}
