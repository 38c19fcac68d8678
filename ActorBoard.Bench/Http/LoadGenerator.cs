using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorBoard.Bench.Http;

/// <summary>One kind of request, prepared once as the exact bytes sent on the wire.</summary>
public sealed record RequestSpec(string Name, byte[] Bytes, int ExpectedStatus)
{
    public static RequestSpec Get(string path, int expectedStatus = 200) =>
        new($"GET {path}", Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html\r\n\r\n"), expectedStatus);

    public static RequestSpec PostForm(string path, string message, int expectedStatus = 303)
    {
        var body = "message=" + Uri.EscapeDataString(message);
        return new($"POST {path}", Encoding.ASCII.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {body.Length}\r\n\r\n{body}"), expectedStatus);
    }
}

/// <summary>Requests per second and latency percentiles of one bounded run.</summary>
public sealed record LoadResult(long Requests, long Errors, TimeSpan Elapsed, double P50Milliseconds, double P99Milliseconds)
{
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;
}

/// <summary>
/// A small HTTP/1.1 load generator on raw sockets: each connection sends a request, reads the
/// whole response, and sends the next (keep-alive, no pipelining, so latency means something).
/// It stops at a duration or a request count, whichever comes first, and only ever dials
/// loopback. Lean enough that on two cores the server, not the generator, is what is measured.
/// </summary>
public static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(IPEndPoint target, RequestSpec request, int connections, TimeSpan duration, long maxRequests)
    {
        if (!IPAddress.IsLoopback(target.Address))
        {
            throw new ArgumentException("The load generator only targets loopback addresses.", nameof(target));
        }

        long started = 0;
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(duration);
        var workers = Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            var latencies = new List<long>(4096);
            long errors = 0;
            var connection = await Connection.OpenAsync(target);
            try
            {
                while (!stop.IsCancellationRequested && Interlocked.Increment(ref started) <= maxRequests)
                {
                    var begin = Stopwatch.GetTimestamp();
                    int status;
                    try
                    {
                        status = await connection.SendAsync(request.Bytes);
                    }
                    catch (Exception e) when (e is SocketException or IOException or InvalidDataException)
                    {
                        errors++;
                        connection.Dispose();
                        connection = await Connection.OpenAsync(target);
                        continue;
                    }

                    latencies.Add(Stopwatch.GetTimestamp() - begin);
                    if (status != request.ExpectedStatus)
                    {
                        errors++;
                    }

                    if (connection.Closed)
                    {
                        connection.Dispose();
                        connection = await Connection.OpenAsync(target);
                    }
                }
            }
            finally
            {
                connection.Dispose();
            }

            return (latencies, errors);
        })).ToList();

        var outcomes = await Task.WhenAll(workers);
        clock.Stop();
        var all = outcomes.SelectMany(o => o.latencies).ToArray();
        Array.Sort(all);
        return new LoadResult(all.LongLength, outcomes.Sum(o => o.errors), clock.Elapsed, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static double Percentile(long[] sorted, double fraction) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * fraction))] * 1000.0 / Stopwatch.Frequency;

    /// <summary>One keep-alive connection with just enough HTTP/1.1 parsing to find each response's end.</summary>
    private sealed class Connection : IDisposable
    {
        private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
        private readonly Socket _socket;
        private byte[] _buffer = new byte[64 * 1024];
        private int _filled;

        private Connection(Socket socket) => _socket = socket;

        public bool Closed { get; private set; }

        public static async Task<Connection> OpenAsync(IPEndPoint target)
        {
            var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(target);
            return new Connection(socket);
        }

        /// <summary>Sends one request and reads its whole response; returns the status code.</summary>
        public async Task<int> SendAsync(byte[] request)
        {
            await _socket.SendAsync(request, SocketFlags.None);
            int headerLength;
            while ((headerLength = _buffer.AsSpan(0, _filled).IndexOf(HeaderEnd)) < 0)
            {
                await FillAsync();
            }

            var headers = Encoding.ASCII.GetString(_buffer, 0, headerLength);
            var status = int.Parse(headers.AsSpan(9, 3));
            var consumed = headerLength + HeaderEnd.Length;
            Closed = headers.Contains("\r\nConnection: close", StringComparison.OrdinalIgnoreCase);
            if (headers.Contains("\r\nTransfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
            {
                consumed = await SkipChunkedAsync(consumed);
            }
            else
            {
                var length = ContentLength(headers);
                while (_filled - consumed < length)
                {
                    await FillAsync();
                }

                consumed += length;
            }

            Buffer.BlockCopy(_buffer, consumed, _buffer, 0, _filled - consumed);
            _filled -= consumed;
            return status;
        }

        public void Dispose() => _socket.Dispose();

        private async Task<int> SkipChunkedAsync(int position)
        {
            while (true)
            {
                int lineEnd;
                while ((lineEnd = _buffer.AsSpan(position, _filled - position).IndexOf("\r\n"u8)) < 0)
                {
                    await FillAsync();
                }

                var sizeText = _buffer.AsSpan(position, lineEnd);
                var semicolon = sizeText.IndexOf((byte)';');
                if (!Utf8Parser.TryParse(semicolon < 0 ? sizeText : sizeText[..semicolon], out int size, out _, 'X'))
                {
                    throw new InvalidDataException("Bad chunk size");
                }

                position += lineEnd + 2;
                while (_filled - position < size + 2)
                {
                    await FillAsync();
                }

                position += size + 2;
                if (size == 0)
                {
                    return position;
                }
            }
        }

        private static int ContentLength(string headers)
        {
            const string name = "\r\nContent-Length:";
            var at = headers.IndexOf(name, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return 0;
            }

            var start = at + name.Length;
            var end = headers.IndexOf('\r', start);
            return int.Parse(headers.AsSpan(start, (end < 0 ? headers.Length : end) - start).Trim());
        }

        private async Task FillAsync()
        {
            if (_filled == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var read = await _socket.ReceiveAsync(_buffer.AsMemory(_filled), SocketFlags.None);
            if (read == 0)
            {
                throw new IOException("The server closed the connection");
            }

            _filled += read;
        }
    }
}
