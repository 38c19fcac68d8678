using System.Globalization;
using System.Text;
using ActorBoard.Actors.Storage;

namespace ActorBoard.Server.Page;

/// <summary>The list of boards at <c>/b</c>, a page of them at a time, with a form to open one by name. A pure function, like <see cref="BoardPage"/>.</summary>
public static class BoardListPage
{
    public static string Render(IReadOnlyList<BoardSummary> boards, string? nextAfter, string? error)
    {
        var html = new StringBuilder(2048 + (boards.Count * 200));
        BoardPage.AppendHead(html, "Boards · Message Board");
        html.Append("<section class=\"board\" aria-labelledby=\"boards-heading\">\n<h2 id=\"boards-heading\">Boards</h2>\n");
        html.Append("<form method=\"GET\" action=\"/b\" class=\"open-board\">\n<label for=\"open\">Open a board by name</label>\n");
        if (error is not null)
        {
            html.Append("<p class=\"error\" id=\"open-error\" role=\"alert\">").AppendText(error).Append("</p>\n");
            html.Append("<input id=\"open\" name=\"open\" aria-invalid=\"true\" aria-describedby=\"open-error\" autocomplete=\"off\">\n");
        }
        else
        {
            html.Append("<input id=\"open\" name=\"open\" autocomplete=\"off\">\n");
        }

        html.Append("<button type=\"submit\">Open</button>\n</form>\n");
        if (boards.Count == 0)
        {
            html.Append("<p class=\"empty\">No boards yet: open one by name and post the first message.</p>\n");
        }

        html.Append("<ul class=\"boards\">\n");
        foreach (var board in boards)
        {
            html.Append("<li><a href=\"").Append(BoardPaths.Page(board.Name)).Append("\">").AppendText(board.Name).Append("</a> ")
                .Append(board.Messages.ToString("N0", CultureInfo.InvariantCulture)).Append(board.Messages == 1 ? " message" : " messages")
                .Append(", last ");
            BoardPage.AppendTime(html, board.LastPostAt);
            html.Append("</li>\n");
        }

        html.Append("</ul>\n");
        if (nextAfter is not null)
        {
            html.Append("<nav class=\"pager\"><a rel=\"next\" href=\"/b?after=").AppendAttribute(nextAfter).Append("\">More boards</a></nav>\n");
        }

        html.Append("</section>\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }
}
