using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorBoard.Bench.Limits;

/// <summary>
/// A live reader that reads as slowly as a hostile client may: a socket with a 4 KiB receive
/// window that takes <see cref="ChunkBytes"/> every <see cref="Pause"/>, about 40 KB/s, far above
/// Kestrel's minimum data rate and far below what the backlog holds.
/// </summary>
public sealed class SlowReader(IPEndPoint server, string path) : IDisposable
{
    public const int ChunkBytes = 4096;
    public static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(100);

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = ChunkBytes, NoDelay = true };

    /// <summary>Bytes read so far.</summary>
    public long Received { get; private set; }

    /// <summary>Connects, asks for the stream, and reads slowly until <paramref name="cancel"/> fires or the server ends the stream.</summary>
    public async Task ReadAsync(CancellationToken cancel)
    {
        try
        {
            await _socket.ConnectAsync(server, cancel);
            await _socket.SendAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {server}\r\nAccept: text/event-stream\r\n\r\n"), SocketFlags.None, cancel);
            var buffer = new byte[ChunkBytes];
            while (await _socket.ReceiveAsync(buffer, SocketFlags.None, cancel) is > 0 and var read)
            {
                Received += read;
                await Task.Delay(Pause, cancel);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        catch (SocketException)
        {
            // The server cut the stream off: as a slow reader should expect.
        }
    }

    public void Dispose() => _socket.Dispose();
}
