using System.Net.Sockets;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>
/// A live reader that stops reading is cut off once it falls <c>Board:LiveBufferSize</c> messages
/// behind, rather than making the server hold everything it has not read; it resumes from its
/// last event id and misses nothing.
/// </summary>
public sealed class SlowLiveReaderSpecs
{
    private const int BufferSize = 4;

    /// <summary>
    /// About 8 MB of events: more than the server's socket buffer (at most 4 MiB here), Kestrel's
    /// response buffer (64 KiB) and the reader's small receive window hold together, so the stream
    /// must stall long before the last post, whatever the machine's speed.
    /// </summary>
    private const int Posts = 800;

    [Fact]
    public async Task A_reader_that_stops_reading_is_cut_off_with_a_comment_and_resumes_from_its_last_event_without_a_gap()
    {
        using var server = BoardServer.InMemory(("Board:LiveBufferSize", BufferSize.ToString()));
        using var poster = server.CreateBoardClient();
        using var stalled = new HttpClient(new SocketsHttpHandler { ConnectCallback = ConnectWithSmallReceiveWindow }) { BaseAddress = server.Address };
        var text = new string('x', 10_000);
        await poster.PostMessageAsync(text); // message 1: the board exists, so the stream goes live at once
        using var response = await stalled.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead);

        for (var i = 2; i <= Posts; i++)
        {
            await poster.PostMessageAsync(text);
        }

        var (received, comments) = await ReadUntilEnd(response);
        Assert.Contains($": The reader fell {BufferSize} messages behind and was cut off; resume from the last message id received.", comments);
        Assert.InRange(received.Count, 1, Posts - BufferSize - 2);
        Assert.Equal(Enumerable.Range(2, received.Count).Select(id => (long)id), received);

        await using var resumed = await EventStreamClient.ConnectAsync(poster, lastEventId: received[^1]);
        var rest = await resumed.NextAsync(Posts - (int)received[^1]);
        Assert.Equal(Enumerable.Range((int)received[^1] + 1, Posts - (int)received[^1]).Select(id => (long)id), rest.Select(e => e.Id));
    }

    /// <summary>A connection whose receive window stays a few kilobytes (no autotuning), so an unread stream backs up to the server at once.</summary>
    private static async ValueTask<Stream> ConnectWithSmallReceiveWindow(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096, NoDelay = true };
        await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
        return new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>The event ids and the comment lines of a stream, read until the server ends it.</summary>
    private static async Task<(List<long> Ids, List<string> Comments)> ReadUntilEnd(HttpResponseMessage response)
    {
        using var stream = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var (ids, comments) = (new List<long>(), new List<string>());
        while (await stream.ReadLineAsync(patience.Token) is { } line)
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                ids.Add(long.Parse(line["id: ".Length..]));
            }
            else if (line.StartsWith(':'))
            {
                comments.Add(line);
            }
        }

        return (ids, comments);
    }
}
