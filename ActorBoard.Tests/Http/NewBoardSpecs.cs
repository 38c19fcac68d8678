using System.Net;
using System.Net.Http.Json;
using ActorBoard.Actors.Cluster;
using ActorBoard.Tests.Support;
using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;

namespace ActorBoard.Tests.Http;

/// <summary>
/// Boards come into being with their first post, within limits: reading a name nobody posted to
/// starts nothing, and a post that would open a board counts against the client's rate of new
/// boards and the deployment's number of boards, while posts to existing boards carry on.
/// </summary>
public sealed class NewBoardSpecs
{
    [Fact]
    public async Task A_name_nobody_posted_to_is_answered_empty_without_starting_its_board()
    {
        using var server = BoardServer.InMemory();
        using var client = server.CreateBoardClient();

        var page = await client.GetStringAsync("/b/nobody-posted-here");
        var list = await client.GetFromJsonAsync<ApiMessageList>("/api/boards/nobody-posted-here/messages");
        var message = await client.GetAsync("/api/boards/nobody-posted-here/messages/1");

        Assert.Contains("No messages yet", page);
        Assert.Empty(list!.Messages);
        Assert.Equal(HttpStatusCode.NotFound, message.StatusCode);
        await Assert.ThrowsAsync<ActorNotFoundException>(() => BoardActor(server, "nobody-posted-here"));
    }

    [Fact]
    public async Task A_boards_first_post_is_read_at_once_and_starts_the_board()
    {
        using var server = BoardServer.InMemory();
        using var client = server.CreateBoardClient();
        Assert.Contains("No messages yet", await client.GetStringAsync("/b/fresh"));

        await client.PostAsync("/b/fresh", Form("the first post"));

        Assert.Contains(">the first post<", await client.GetStringAsync("/b/fresh"));
        Assert.NotNull(await BoardActor(server, "fresh"));
    }

    [Fact]
    public async Task A_live_stream_of_a_board_nobody_posted_to_waits_without_starting_it_and_delivers_the_first_post()
    {
        using var server = BoardServer.InMemory();
        using var client = server.CreateBoardClient();
        await using var stream = await EventStreamClient.ConnectAsync(client, "/b/awaited/events");
        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
        await Assert.ThrowsAsync<ActorNotFoundException>(() => BoardActor(server, "awaited"));

        await client.PostAsync("/b/awaited", Form("worth the wait"));

        var first = await stream.NextAsync();
        Assert.Equal((1L, "worth the wait"), (first.Id, first.Message.Text));
    }

    [Fact]
    public async Task A_client_over_its_rate_of_new_boards_gets_429_naming_it_while_its_boards_take_posts()
    {
        using var server = BoardServer.InMemory(("Board:NewBoardsPerHourPerClient", "2"));
        using var client = server.CreateBoardClient();
        Assert.Equal(HttpStatusCode.SeeOther, (await client.PostAsync("/b/first", Form("one"))).StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, (await client.PostAsync("/b/second", Form("two"))).StatusCode);

        var page = await client.PostAsync("/b/third", Form("three"));
        var api = await client.PostAsJsonAsync("/api/boards/fourth/messages", new { text = "four" });

        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.Contains("at most 2 new boards an hour", await page.Content.ReadAsStringAsync());
        Assert.NotNull(page.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.TooManyRequests, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.SeeOther, (await client.PostAsync("/b/first", Form("an existing board goes on"))).StatusCode);
        Assert.Contains("No messages yet", await client.GetStringAsync("/b/third"));
    }

    [Fact]
    public async Task Posts_that_arrive_together_for_one_new_board_open_it_once()
    {
        using var server = BoardServer.InMemory(("Board:NewBoardsPerHourPerClient", "1"));
        using var client = server.CreateBoardClient();

        var together = await Task.WhenAll(Enumerable.Range(1, 20).Select(i => client.PostAsync("/b/popular", Form($"post {i}"))));
        var another = await client.PostAsync("/b/another", Form("one board too many"));

        Assert.All(together, answer => Assert.Equal(HttpStatusCode.SeeOther, answer.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, another.StatusCode);
    }

    [Fact]
    public async Task A_deployment_holding_its_number_of_boards_refuses_one_more_with_409()
    {
        using var server = BoardServer.InMemory(("Board:MaxBoards", "2"));
        using var client = server.CreateBoardClient();
        await client.PostAsync("/b/first", Form("one"));
        await client.PostAsync("/b/second", Form("two"));

        var refused = await client.PostAsync("/b/third", Form("three"));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("This server holds 2 boards, as many as it may", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.SeeOther, (await client.PostAsync("/b/second", Form("an existing board goes on"))).StatusCode);
    }

    private static FormUrlEncodedContent Form(string message) => new([KeyValuePair.Create("message", message)]);

    /// <summary>The board's actor on the node, if it was started; <see cref="ActorNotFoundException"/> otherwise.</summary>
    private static Task<IActorRef> BoardActor(BoardServer server, string board) =>
        server.Services.GetRequiredService<ActorSystem>()
            .ActorSelection($"/system/sharding/{BoardRegionHosting.RegionName}/*/{board}")
            .ResolveOne(TimeSpan.FromSeconds(3));
}
