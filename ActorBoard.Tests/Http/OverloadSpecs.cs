using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>When the board already works on as many requests as it allows, the next one gets 503 at once.</summary>
public sealed class OverloadSpecs : IDisposable
{
    private readonly BoardServer _server = BoardServer.InMemory(("Board:MaxConcurrentRequests", "1"));
    private readonly HttpClient _client;

    public OverloadSpecs() => _client = _server.CreateBoardClient();

    [Fact]
    public async Task A_request_beyond_the_concurrency_limit_gets_503_with_retry_after_without_waiting()
    {
        var (slow, refused) = await HoldTheOnlyPermit();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter!.Delta);
        Assert.Contains("The board is busy", await refused.Content.ReadAsStringAsync());
        slow.Dispose();
        Assert.Equal(HttpStatusCode.OK, (await RetryUntil(HttpStatusCode.OK)).StatusCode);
    }

    [Theory]
    [InlineData("/events")]
    [InlineData("/b/crowded/events")]
    public async Task Live_streams_of_any_board_do_not_count_against_the_limit(string stream)
    {
        using var reader = await _client.GetAsync(stream, HttpCompletionOption.ResponseHeadersRead);
        using var secondReader = await _client.GetAsync(stream, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, reader.StatusCode);
        Assert.Equal(HttpStatusCode.OK, secondReader.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/")).StatusCode);
    }

    /// <summary>
    /// Starts a post whose body never finishes, so it holds the only permit, and returns the 503 a
    /// GET then gets. The post and the first GETs race for the permit; when the post loses (and is
    /// itself refused), it is sent again.
    /// </summary>
    private async Task<(Socket Slow, HttpResponseMessage Refused)> HoldTheOnlyPermit()
    {
        for (var attempt = 0; ; attempt++)
        {
            var slow = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await slow.ConnectAsync(IPAddress.Loopback, _server.Address.Port);
            await slow.SendAsync(Encoding.ASCII.GetBytes(
                "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nmessage="), SocketFlags.None);
            for (var probe = 0; probe < 40 && slow.Available == 0; probe++)
            {
                var response = await _client.GetAsync("/");
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable || attempt == 20)
                {
                    return (slow, response);
                }

                await Task.Delay(25);
            }

            slow.Dispose();
        }
    }

    // Once the slow post is gone, the permit comes back on the server's own schedule.
    private async Task<HttpResponseMessage> RetryUntil(HttpStatusCode wanted)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await _client.GetAsync("/");
            if (response.StatusCode == wanted || attempt == 200)
            {
                return response;
            }

            await Task.Delay(25);
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }
}
