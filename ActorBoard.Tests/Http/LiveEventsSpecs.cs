using System.Net;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>GET /events: new messages as Server-Sent Events, resumable without gaps or repeats.</summary>
public sealed class LiveEventsSpecs : IDisposable
{
    private readonly BoardServer _server = BoardServer.InMemory();
    private readonly HttpClient _client;

    public LiveEventsSpecs() => _client = _server.CreateBoardClient();

    [Fact]
    public async Task A_reader_receives_each_new_message_as_an_event_whose_id_is_the_message_id()
    {
        await using var events = await EventStreamClient.ConnectAsync(_client);

        await _client.PostMessageAsync("first <b>live</b>");
        await _client.PostMessageAsync("Don't miss me 🎉");

        Assert.Equal("text/event-stream", events.Response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no", Assert.Single(events.Response.Headers.GetValues("X-Accel-Buffering"))); // a buffering proxy passes events on at once
        var received = await events.NextAsync(2);
        Assert.Equal([1L, 2L], received.Select(e => e.Id));
        Assert.Equal(["first <b>live</b>", "Don't miss me 🎉"], received.Select(e => e.Message.Text));
        Assert.All(received, e => Assert.Equal(e.Id, e.Message.Id));
    }

    [Fact]
    public async Task An_idle_stream_sends_a_comment_line_every_heartbeat_so_proxies_keep_it_open()
    {
        using var server = BoardServer.InMemory(("Board:LiveHeartbeat", "00:00:00.2"));
        using var client = server.CreateBoardClient();
        using var response = await client.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead);
        using var stream = new StreamReader(await response.Content.ReadAsStreamAsync());

        // First the reconnect delay, then, with nothing posted, two heartbeats in a row.
        Assert.Equal("retry: 1000", await stream.ReadLineAsync());
        Assert.Equal("", await stream.ReadLineAsync());
        var idle = new List<string?>();
        for (var line = 0; line < 4; line++)
        {
            idle.Add(await stream.ReadLineAsync());
        }

        Assert.Equal<string?>([": keep-alive", "", ": keep-alive", ""], idle);
    }

    [Fact]
    public async Task Reconnecting_with_last_event_id_first_replays_what_was_missed_then_goes_live()
    {
        for (var i = 1; i <= 3; i++)
        {
            await _client.PostMessageAsync($"message {i}");
        }

        await using var events = await EventStreamClient.ConnectAsync(_client, lastEventId: 1);
        var missed = await events.NextAsync(2);
        await _client.PostMessageAsync("message 4");
        var live = await events.NextAsync();

        Assert.Equal([2L, 3L], missed.Select(e => e.Id));
        Assert.Equal(4, live.Id);
        Assert.Equal(0, events.Waiting);
    }

    [Fact]
    public async Task The_after_query_resumes_like_last_event_id_for_a_first_connection()
    {
        await _client.PostMessageAsync("already seen");
        await _client.PostMessageAsync("not yet seen");

        await using var events = await EventStreamClient.ConnectAsync(_client, "/events?after=1");

        Assert.Equal("not yet seen", (await events.NextAsync()).Message.Text);
    }

    [Theory]
    [InlineData("/events?after=abc")]
    [InlineData("/events?after=-1")]
    public async Task An_invalid_resume_point_is_a_400_problem(string path)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }
}
