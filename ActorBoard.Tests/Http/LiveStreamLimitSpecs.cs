using System.Net;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>
/// One anonymous client cannot make the server hold unbounded live streams: beyond
/// <c>Board:MaxLiveStreamsPerClient</c>, or <c>Board:MaxLiveStreams</c> on the node, a new stream
/// gets 429 with Retry-After, while the streams already open, other clients and posts carry on.
/// Clients are played from loopback addresses of their own.
/// </summary>
public sealed class LiveStreamLimitSpecs : IDisposable
{
    private readonly BoardServer _server = BoardServer.InMemory(("Board:MaxLiveStreamsPerClient", "2"), ("Board:MaxLiveStreams", "3"));

    [Fact]
    public async Task A_client_over_its_stream_limit_gets_429_and_its_open_streams_still_receive_posts()
    {
        using var greedy = LoopbackClient.From("127.0.0.21", _server.Address);
        await using var first = await EventStreamClient.ConnectAsync(greedy);
        await using var second = await EventStreamClient.ConnectAsync(greedy);

        using var third = await greedy.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead);
        using var poster = _server.CreateBoardClient();
        await poster.PostMessageAsync("still delivered");

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), third.Headers.RetryAfter!.Delta);
        Assert.Contains("You have 2 live streams open, as many as one client may", await third.Content.ReadAsStringAsync());
        Assert.Equal("still delivered", (await first.NextAsync()).Message.Text);
        Assert.Equal("still delivered", (await second.NextAsync()).Message.Text);
    }

    [Fact]
    public async Task The_node_refuses_streams_beyond_its_total_and_takes_them_again_once_one_closes()
    {
        using var one = LoopbackClient.From("127.0.0.21", _server.Address);
        using var other = LoopbackClient.From("127.0.0.22", _server.Address);
        using var late = LoopbackClient.From("127.0.0.23", _server.Address);
        var first = await EventStreamClient.ConnectAsync(one);
        await using var second = await EventStreamClient.ConnectAsync(one);
        await using var third = await EventStreamClient.ConnectAsync(other);

        using var refused = await late.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead);
        await first.DisposeAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("This server has 3 live streams open, as many as it holds", await refused.Content.ReadAsStringAsync());
        await Eventually.Until(async () =>
        {
            using var again = await late.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead);
            return again.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(10));
    }

    public void Dispose() => _server.Dispose();
}
