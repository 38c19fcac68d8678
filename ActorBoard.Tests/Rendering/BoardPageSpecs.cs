using System.Collections.Immutable;
using ActorBoard.Actors;
using ActorBoard.Server;

namespace ActorBoard.Tests.Rendering;

/// <summary>The page renderer is a pure function: a snapshot and a form state in, HTML out.</summary>
public sealed class BoardPageSpecs
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Each_message_shows_its_text_and_a_machine_readable_time()
    {
        var board = Board(new BoardMessage(7, "hello", Noon));

        var html = BoardPage.Render(board, FormState.Blank);

        Assert.Contains("<li class=\"message\" id=\"m7\"><p class=\"text\">hello</p><time datetime=\"2026-11-23T12:00:00.000Z\">2026-11-23 12:00 UTC</time></li>", html);
    }

    [Fact]
    public void An_empty_board_invites_the_first_post()
    {
        var html = BoardPage.Render(BoardSnapshot.Empty, FormState.Blank);

        Assert.Contains("No messages yet", html);
        Assert.DoesNotContain("<ol", html);
    }

    [Fact]
    public void An_error_is_announced_and_the_text_is_kept_escaped_in_the_textarea()
    {
        var html = BoardPage.Render(BoardSnapshot.Empty, new FormState("</textarea><b>kept</b>", "Too long & more"));

        Assert.Contains("<p class=\"error\" id=\"message-error\" role=\"alert\">Too long &amp; more</p>", html);
        Assert.Contains("aria-invalid=\"true\"", html);
        Assert.Contains(">\n&lt;/textarea&gt;&lt;b&gt;kept&lt;/b&gt;</textarea>", html);
    }

    [Fact]
    public void Attribute_escaping_also_escapes_quotes_and_apostrophes()
    {
        var html = new System.Text.StringBuilder().AppendAttribute("a\"b'c<d>&").ToString();

        Assert.Equal("a&quot;b&#39;c&lt;d&gt;&amp;", html);
    }

    private static BoardSnapshot Board(params BoardMessage[] messages) =>
        new(messages.Length == 0 ? 0 : messages[^1].Id, messages.ToImmutableList());
}
