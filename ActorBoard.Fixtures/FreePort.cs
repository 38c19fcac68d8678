using System.Net;
using System.Net.Sockets;

namespace ActorBoard.Fixtures;

/// <summary>Loopback ports nobody is listening on.</summary>
public static class FreePort
{
    /// <summary>A port the operating system just handed out and released: free, unless taken again in between.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
