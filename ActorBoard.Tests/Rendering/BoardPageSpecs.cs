using ActorBoard.Actors;
using ActorBoard.Actors.Board;
using ActorBoard.Server.Page;

namespace ActorBoard.Tests.Rendering;

/// <summary>The page renderer is a pure function: a page of messages and a form state in, HTML out.</summary>
public sealed class BoardPageSpecs
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Each_message_shows_its_text_and_a_machine_readable_time()
    {
        var html = BoardPage.Render(Newest(Board(new BoardMessage(7, "hello", Noon))), FormState.Blank);

        Assert.Contains("<li class=\"message\" id=\"m7\"><p class=\"text\">hello</p><time datetime=\"2026-11-23T12:00:00.000Z\">2026-11-23 12:00 UTC</time></li>", html);
    }

    [Fact]
    public void An_empty_board_invites_the_first_post_and_is_ready_for_live_messages()
    {
        var html = BoardPage.Render(Newest(BoardView.Empty), FormState.Blank);

        Assert.Contains("No messages yet", html);
        Assert.Contains("<ol class=\"messages\" id=\"messages\" data-live-after=\"0\" data-live-events=\"/events\" data-removed-text=\"This message was removed by the operator.\">\n</ol>", html);
    }

    [Fact]
    public void The_page_loads_its_script_and_stylesheet_from_files_with_nothing_inline()
    {
        var html = BoardPage.Render(Newest(BoardView.Empty), FormState.Blank);

        Assert.Contains("<script src=\"/board.js\" defer></script>", html);
        Assert.Contains("<link rel=\"stylesheet\" href=\"/board.css\">", html);
        Assert.DoesNotContain("<style", html);
        Assert.DoesNotContain(" style=", html);
        Assert.Single(html.Split("<script").Skip(1));
    }

    [Fact]
    public void An_error_is_announced_and_the_text_is_kept_escaped_in_the_textarea()
    {
        var html = BoardPage.Render(Newest(BoardView.Empty), new FormState("</textarea><b>kept</b>", "Too long & more"));

        Assert.Contains("<p class=\"error\" id=\"message-error\" role=\"alert\">Too long &amp; more</p>", html);
        Assert.Contains("aria-invalid=\"true\"", html);
        Assert.Contains(">\n&lt;/textarea&gt;&lt;b&gt;kept&lt;/b&gt;</textarea>", html);
    }

    [Fact]
    public void An_older_page_links_both_ways_and_does_not_go_live()
    {
        var page = Page(Board(120), new PageRequest(Before: 71, After: null));

        var html = BoardPage.Render(page, FormState.Blank);

        Assert.Contains("<a rel=\"prev\" href=\"/?before=21\">Older messages</a>", html);
        Assert.Contains("<a rel=\"next\" href=\"/?after=70\">Newer messages</a>", html);
        Assert.DoesNotContain("data-live-after", html);
    }

    [Fact]
    public void A_named_boards_page_posts_links_and_streams_under_its_own_address()
    {
        var board = Board(120);
        var page = BoardPageModel.For("garden-club", board.Page(BoardPageModel.Query("garden-club", new PageRequest(Before: 71, After: null), pageSize: 50)), new PageRequest(Before: 71, After: null));
        var newest = BoardPageModel.For("garden-club", board.Page(GetMessages.Newest("garden-club", 50)), PageRequest.Newest);

        var older = BoardPage.Render(page, FormState.Blank);
        var live = BoardPage.Render(newest, FormState.Blank);

        Assert.Contains("<title>garden-club · Message Board</title>", older);
        Assert.Contains("<form method=\"POST\" action=\"/b/garden-club\" class=\"compose\">", older);
        Assert.Contains("<a rel=\"prev\" href=\"/b/garden-club?before=21\">Older messages</a>", older);
        Assert.Contains("<a rel=\"next\" href=\"/b/garden-club?after=70\">Newer messages</a> <a href=\"/b/garden-club\">Newest</a>", older);
        Assert.Contains("data-live-after=\"120\" data-live-events=\"/b/garden-club/events\"", live);
    }

    [Fact]
    public void Attribute_escaping_also_escapes_quotes_and_apostrophes()
    {
        var html = new System.Text.StringBuilder().AppendAttribute("a\"b'c<d>&").ToString();

        Assert.Equal("a&quot;b&#39;c&lt;d&gt;&amp;", html);
    }

    [Theory]
    [InlineData(null, null, 71, 120, 71L, null)]     // the newest page
    [InlineData(71L, null, 21, 70, 21L, 70L)]        // one page older
    [InlineData(21L, null, 1, 20, null, 20L)]        // the oldest page
    [InlineData(null, 20L, 21, 70, 21L, 70L)]        // newer than 20
    [InlineData(null, 100L, 101, 120, 101L, null)]   // newer than 100 reaches the newest
    public void Pages_hold_page_size_messages_oldest_first_with_links_onward_and_back(
        long? before, long? after, int firstId, int lastId, long? olderBefore, long? newerAfter)
    {
        var page = Page(Board(120), new PageRequest(before, after));

        Assert.Equal(Enumerable.Range(firstId, lastId - firstId + 1).Select(i => (long)i), page.Messages.Select(m => m.Id));
        Assert.Equal(olderBefore, page.OlderBefore);
        Assert.Equal(newerAfter, page.NewerAfter);
        Assert.Equal(newerAfter is null, page.IsNewest);
    }

    private static BoardPageModel Newest(BoardView board) => Page(board, PageRequest.Newest);

    /// <summary>The page the store would answer for this request, 50 messages a page, as the endpoint models it.</summary>
    private static BoardPageModel Page(BoardView board, PageRequest request) =>
        BoardPageModel.For(BoardName.Default, board.Page(BoardPageModel.Query(BoardName.Default, request, pageSize: 50)), request);

    private static BoardView Board(int count) =>
        Board(Enumerable.Range(1, count).Select(i => new BoardMessage(i, $"message {i}", Noon)).ToArray());

    private static BoardView Board(params BoardMessage[] messages) =>
        new(messages.Length == 0 ? 0 : messages[^1].Id, MessageLog.From(messages));
}
