using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorBoard.Bench.Fanout;

/// <summary>
/// One live reader as cheap as a client can be: a raw socket that sends <c>GET {path}</c> and scans
/// what arrives for <c>id:</c> lines, noting when each message id arrived. No HTTP client, no
/// string per line: ten thousand of them must not cost the shared machine more than the server's
/// own work.
/// </summary>
public sealed class LiveStreamClient(IPEndPoint server, string path, FanoutDeliveries deliveries) : IDisposable
{
    private static readonly byte[] IdPrefix = "id: "u8.ToArray();
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private readonly TaskCompletionSource _streaming = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Where the scanner stands in the current line: how much of "id: " matched, then the id's digits.
    private int _matched;
    private long _id;
    private bool _skipLine;

    /// <summary>Completes once the server started the stream (the reader is subscribed).</summary>
    public Task Streaming => _streaming.Task;

    /// <summary>Whether the stream ended before the client closed it.</summary>
    public bool EndedEarly { get; private set; }

    public async Task ConnectAsync(CancellationToken cancel)
    {
        await _socket.ConnectAsync(server, cancel);
        var request = Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {server}\r\nAccept: text/event-stream\r\n\r\n");
        await _socket.SendAsync(request, SocketFlags.None, cancel);
    }

    /// <summary>Reads until the server ends the stream or <paramref name="cancel"/> fires.</summary>
    public async Task ReadAsync(CancellationToken cancel)
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var read = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancel);
                if (read == 0)
                {
                    EndedEarly = true;
                    _streaming.TrySetResult();
                    return;
                }

                var arrived = Stopwatch.GetTimestamp();
                _streaming.TrySetResult();
                Scan(buffer.AsSpan(0, read), arrived);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        catch (SocketException)
        {
            EndedEarly = true;
            _streaming.TrySetResult();
        }
    }

    /// <summary>Finds <c>id: N</c> at the start of a line (frames are never split by chunk headers: each flush is whole frames).</summary>
    private void Scan(ReadOnlySpan<byte> data, long arrived)
    {
        foreach (var b in data)
        {
            if (b == (byte)'\n')
            {
                if (_matched == IdPrefix.Length && _id > 0)
                {
                    deliveries.Arrived(_id, arrived);
                }

                _matched = 0;
                _id = 0;
                _skipLine = false;
            }
            else if (_skipLine)
            {
            }
            else if (_matched < IdPrefix.Length)
            {
                if (b == IdPrefix[_matched])
                {
                    _matched++;
                }
                else
                {
                    _skipLine = true;
                }
            }
            else if (b is >= (byte)'0' and <= (byte)'9')
            {
                _id = (_id * 10) + (b - '0');
            }
            else
            {
                _skipLine = true;
                _matched = 0;
            }
        }
    }

    public void Dispose() => _socket.Dispose();
}
