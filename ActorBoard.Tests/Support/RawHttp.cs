using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorBoard.Tests.Support;

/// <summary>
/// Sends exactly the bytes given, as a hostile client would, and reads the status line back.
/// For requests no well-behaved HTTP client library would send.
/// </summary>
public static class RawHttp
{
    public static async Task<int?> SendAsync(Uri server, byte[] request, bool closeAfterSending = false)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.Port));
        try
        {
            await socket.SendAsync(request, SocketFlags.None);
            if (closeAfterSending)
            {
                socket.Shutdown(SocketShutdown.Send);
            }
        }
        catch (SocketException)
        {
            // The server may answer and close before taking the whole request (413, 431): read on.
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
                if (Encoding.ASCII.GetString(received.ToArray()).Contains("\r\n", StringComparison.Ordinal))
                {
                    break;
                }
            }
        }
        catch (SocketException)
        {
            // A reset after the status line was sent still leaves the status readable.
        }

        var text = Encoding.ASCII.GetString(received.ToArray());
        return text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) ? int.Parse(text.AsSpan(9, 3)) : null;
    }

    public static byte[] Post(string contentType, byte[] body, string extraHeaders = "") =>
        [.. Encoding.ASCII.GetBytes($"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n{(contentType.Length > 0 ? $"Content-Type: {contentType}\r\n" : "")}Content-Length: {body.Length}\r\n{extraHeaders}Connection: close\r\n\r\n"), .. body];

    public static byte[] PostForm(string urlEncodedBody) =>
        Post("application/x-www-form-urlencoded", Encoding.ASCII.GetBytes(urlEncodedBody));

    public static byte[] Ascii(string request) => Encoding.ASCII.GetBytes(request);
}
