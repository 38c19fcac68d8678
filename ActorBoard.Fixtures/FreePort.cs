using System.Net;
using System.Net.Sockets;

namespace ActorBoard.Fixtures;

/// <summary>
/// Loopback ports nobody is listening on, for the servers, nodes and databases specs and benchmarks
/// start. A port the kernel hands out for port 0 and that is then released can be handed out again,
/// to the next caller or to any outgoing connection, before the process it was meant for binds it.
/// So ports come from below the kernel's ephemeral range (which it never gives to outgoing
/// connections or to port 0), each once per process, starting at a random place so that processes
/// started side by side do not walk the same way, and each is checked free by binding it.
/// </summary>
public static class FreePort
{
    private const int Lowest = 20_000;
    private static readonly int Highest = EphemeralRangeStart() - 1;
    private static int _counter = Random.Shared.Next();

    /// <summary>A free loopback port, never handed out before by this process.</summary>
    public static int Next()
    {
        var span = Highest - Lowest + 1;
        if (span < 1_000)
        {
            return FromKernel();
        }

        for (var tried = 0; tried < span; tried++)
        {
            var port = Lowest + (int)((uint)Interlocked.Increment(ref _counter) % (uint)span);
            if (IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free loopback port between {Lowest} and {Highest}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FromKernel()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The first port of the kernel's ephemeral range (Linux: 32768 unless configured otherwise).</summary>
    private static int EphemeralRangeStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        return File.Exists(range) && int.TryParse(File.ReadAllText(range).Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0], out var start)
            ? start
            : 32_768;
    }
}
