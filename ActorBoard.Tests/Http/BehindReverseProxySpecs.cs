using System.Net;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>
/// The board behind a real nginx with the stock reverse-proxy block, trusting that proxy alone
/// (<c>Board:TrustedProxies</c>): each visitor is known by its own address, not the proxy's, and
/// live streams pass through at once. Visitors are played by clients on loopback addresses of their own.
/// </summary>
public sealed class BehindReverseProxySpecs : IDisposable
{
    private readonly BoardServer _server = BoardServer.InMemory(("Board:PostsPerMinutePerClient", "3"), ("Board:TrustedProxies:0", "127.0.0.1"));

    [SkippableFact]
    public async Task Two_visitors_behind_the_proxy_get_post_limits_of_their_own()
    {
        Skip.If(Nginx.Unavailable is not null, Nginx.Unavailable);
        using var nginx = await Nginx.StartAsync(_server.Address);
        using var first = LoopbackClient.From("127.0.0.11", nginx.Address);
        using var second = LoopbackClient.From("127.0.0.12", nginx.Address);

        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(HttpStatusCode.SeeOther, (await first.PostMessageAsync($"first visitor, post {i}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await first.PostMessageAsync("first visitor, one too many")).StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, (await second.PostMessageAsync("second visitor, first post")).StatusCode);
    }

    [SkippableFact]
    public async Task A_live_stream_through_the_proxy_receives_posts_as_they_are_made()
    {
        Skip.If(Nginx.Unavailable is not null, Nginx.Unavailable);
        using var nginx = await Nginx.StartAsync(_server.Address);
        using var reader = LoopbackClient.From("127.0.0.11", nginx.Address);
        using var poster = LoopbackClient.From("127.0.0.12", nginx.Address);
        await using var events = await EventStreamClient.ConnectAsync(reader);

        await poster.PostMessageAsync("through the proxy");

        Assert.Equal("through the proxy", (await events.NextAsync()).Message.Text);
    }

    [Fact]
    public async Task A_forwarded_for_header_from_a_peer_that_is_not_a_trusted_proxy_is_ignored()
    {
        using var forger = LoopbackClient.From("127.0.0.13", _server.Address);

        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(HttpStatusCode.SeeOther, (await PostAs(forger, $"203.0.113.{i}")).StatusCode);
        }

        // Each post claimed another address; all of them came from one peer, and counted as one client.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await PostAs(forger, "203.0.113.4")).StatusCode);
    }

    [Fact]
    public async Task The_scheme_a_trusted_proxy_forwards_is_the_one_the_board_compares_a_post_origin_with()
    {
        using var proxy = LoopbackClient.From("127.0.0.1", _server.Address);
        var origin = $"https://{_server.Address.Authority}";

        var overHttps = await PostFromOrigin(proxy, origin, forwardedProto: "https");
        var overPlainHttp = await PostFromOrigin(proxy, origin, forwardedProto: null);

        Assert.Equal(HttpStatusCode.SeeOther, overHttps.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, overPlainHttp.StatusCode);
    }

    public void Dispose() => _server.Dispose();

    private static Task<HttpResponseMessage> PostAs(HttpClient client, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new FormUrlEncodedContent([KeyValuePair.Create("message", $"as {forwardedFor}")]) };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> PostFromOrigin(HttpClient client, string origin, string? forwardedProto)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new FormUrlEncodedContent([KeyValuePair.Create("message", "from the board's own page")]) };
        request.Headers.Add("Origin", origin);
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }

        return client.SendAsync(request);
    }
}
