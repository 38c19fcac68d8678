using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>
/// <c>GET /b</c> and <c>GET /api/boards</c> list the boards that exist, with their message counts
/// and last post times, a page at a time, from a small directory table rather than the boards.
/// </summary>
public sealed partial class BoardListSpecs : IDisposable
{
    private readonly TempDatabase _database = new();
    private readonly BoardServer _server;
    private readonly HttpClient _client;

    public BoardListSpecs()
    {
        _server = BoardServer.OnSqlite(_database);
        _client = _server.CreateBoardClient();
    }

    [Fact]
    public async Task Boards_are_listed_by_name_with_their_counts_a_page_at_a_time()
    {
        await Post("apples", "one");
        await Post("apples", "two");
        await Post("bananas", "one");
        await Post("cherries", "one");

        // The list is written a moment after each commit: wait until all four posts are in it.
        await Eventually.Until(
            async () => (await _client.GetFromJsonAsync<BoardList>("/api/boards"))!.Boards.Sum(board => board.Messages) == 4,
            TimeSpan.FromSeconds(10));
        var first = (await _client.GetFromJsonAsync<BoardList>("/api/boards?limit=2"))!;
        var second = await _client.GetFromJsonAsync<BoardList>(first.Next!);

        Assert.Equal(["apples", "bananas"], first.Boards.Select(board => board.Name));
        Assert.Equal([2L, 1L], first.Boards.Select(board => board.Messages));
        Assert.Equal("/api/boards?after=bananas&limit=2", first.Next);
        Assert.Equal(["cherries"], second!.Boards.Select(board => board.Name));
        Assert.Null(second.Next);
    }

    [Fact]
    public async Task The_boards_page_links_each_board_and_opens_one_by_name()
    {
        await Post("book-club", "first");
        await Eventually.Until(async () => (await _client.GetStringAsync("/b")).Contains("href=\"/b/book-club\">book-club</a> 1 message"), TimeSpan.FromSeconds(10));

        var opened = await _client.GetAsync("/b?open=Reading-Room");
        var refused = await _client.GetAsync("/b?open=reading room");

        Assert.Equal(HttpStatusCode.SeeOther, opened.StatusCode);
        Assert.Equal("/b/reading-room", opened.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("is not a board name", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_boards_page_shows_fifty_boards_and_links_to_the_rest()
    {
        var names = Enumerable.Range(1, 51).Select(i => $"board-{i:D2}").ToList();
        await Task.WhenAll(names.Select(name => Post(name, "hello")));
        await Eventually.Until(async () => (await _client.GetFromJsonAsync<BoardList>("/api/boards"))!.Boards.Count == 51, TimeSpan.FromSeconds(10));

        var first = await _client.GetStringAsync("/b");
        var rest = await _client.GetStringAsync("/b?after=board-50");

        Assert.Equal(names.Take(50), BoardLink().Matches(first).Select(link => link.Groups[1].Value));
        Assert.Contains("<a rel=\"next\" href=\"/b?after=board-50\">More boards</a>", first);
        Assert.Equal(["board-51"], BoardLink().Matches(rest).Select(link => link.Groups[1].Value));
        Assert.DoesNotContain("rel=\"next\"", rest);
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
        _database.Dispose();
    }

    private async Task Post(string board, string text) =>
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsJsonAsync($"/api/boards/{board}/messages", new { text })).StatusCode);

    [GeneratedRegex("href=\"/b/([a-z0-9-]+)\">")]
    private static partial Regex BoardLink();

    private sealed record BoardList(IReadOnlyList<BoardEntry> Boards, string? Next);

    private sealed record BoardEntry(string Name, long Messages, DateTime LastPostAt);
}
