using System.Globalization;
using System.Text;
using ActorBoard.Actors.Board;
using ActorBoard.Server.Input;

namespace ActorBoard.Server.Page;

/// <summary>
/// What the form shows besides the board: the text to keep in the textarea, an error to explain,
/// and the form's one-time token (<see cref="PostKeys"/>), left out when empty.
/// </summary>
public sealed record FormState(string Text, string? Error, string Token = "")
{
    public static readonly FormState Blank = new(string.Empty, null);

    /// <summary>An empty form carrying <paramref name="token"/>.</summary>
    public static FormState WithToken(string token) => new(string.Empty, null, token);
}

/// <summary>
/// The board's HTML page: a pure function of one page of messages and the form's state. No
/// inline script or style: the look comes from <c>/board.css</c>, live updates from <c>/board.js</c>,
/// and without JavaScript the page works the same, minus the live updates.
/// </summary>
public static class BoardPage
{
    public const string ContentType = "text/html; charset=utf-8";

    /// <summary>The markup just before the form's token: the token's place in a rendered page is found by it.</summary>
    public const string TokenMarkup = "<input type=\"hidden\" name=\"token\" value=\"";

    /// <summary>What a removed message's place on the page says (the script writes the same when a removal comes live).</summary>
    public const string RemovedText = "This message was removed by the operator.";

    /// <summary>What a closed board shows where the form would be.</summary>
    public const string ClosedText = "This board is closed to new posts. Its messages stay readable.";

    public static string Render(BoardPageModel page, FormState form)
    {
        var html = new StringBuilder(2048 + (page.Messages.Length * 256));
        AppendHead(html, page.Board == BoardName.Default ? "Message Board" : $"{page.Board} · Message Board");
        AppendMessages(html, page);
        if (page.Closed)
        {
            html.Append("<p class=\"closed\" id=\"closed\" role=\"status\">").AppendText(ClosedText).Append("</p>\n");
        }
        else
        {
            AppendForm(html, form, page.Board);
        }

        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>
    /// The small page a post refused for its rate or size gets: the reason, the form with the text
    /// kept, and the way back to the board; no messages, so answering it asks nothing of the board.
    /// </summary>
    public static string RenderRefusal(string board, FormState form)
    {
        var html = new StringBuilder(1024 + form.Text.Length);
        AppendHead(html, board == BoardName.Default ? "Not posted · Message Board" : $"Not posted · {board} · Message Board");
        html.Append("<p><a href=\"").Append(BoardPaths.Page(board)).Append("\">Back to the board</a></p>\n");
        AppendForm(html, form, board);
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>A page saying there is no board here, with the way back.</summary>
    public static string RenderMissing(string detail)
    {
        var html = new StringBuilder(1024);
        AppendHead(html, "No such board · Message Board");
        html.Append("<p class=\"error\" role=\"alert\">").AppendText(detail).Append("</p>\n<p><a href=\"/\">Go to the message board</a></p>\n");
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>Everything up to the start of <c>&lt;main&gt;</c>, shared by every page.</summary>
    internal static void AppendHead(StringBuilder html, string title)
    {
        html.Append("""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>
            """.TrimEnd('\n')).AppendText(title).Append("""
            </title>
            <meta name="description" content="A message board: read what people posted and post a message of your own.">
            <link rel="icon" href="/favicon.svg" type="image/svg+xml">
            <link rel="stylesheet" href="/board.css">
            <script src="/board.js" defer></script>
            </head>
            <body>
            <header class="top"><h1><a href="/">Message Board</a></h1></header>
            <main>

            """);
    }

    private static void AppendMessages(StringBuilder html, BoardPageModel page)
    {
        html.Append("<section class=\"board\" aria-labelledby=\"messages-heading\">\n<h2 id=\"messages-heading\" class=\"visually-hidden\">Messages</h2>\n");
        if (page.OlderBefore is { } older)
        {
            html.Append("<nav class=\"pager\"><a rel=\"prev\" href=\"").Append(BoardPaths.Page(page.Board)).Append("?before=").Append(older).Append("\">Older messages</a></nav>\n");
        }

        if (page.Messages.IsEmpty)
        {
            html.Append("<p class=\"empty\" id=\"empty\">No messages yet. Be the first to post.</p>\n");
        }

        html.Append("<ol class=\"messages\" id=\"messages\"");
        if (page.IsNewest)
        {
            // The script streams messages newer than this version from the board's event stream.
            html.Append(" data-live-after=\"").Append(page.Version).Append("\" data-live-events=\"").Append(BoardPaths.Events(page.Board))
                .Append("\" data-removed-text=\"").AppendAttribute(RemovedText).Append('"');
        }

        html.Append(">\n");
        foreach (var message in page.Messages)
        {
            AppendMessage(html, message);
        }

        html.Append("</ol>\n");
        if (page.NewerAfter is { } newer)
        {
            var path = BoardPaths.Page(page.Board);
            html.Append("<nav class=\"pager\"><a rel=\"next\" href=\"").Append(path).Append("?after=").Append(newer).Append("\">Newer messages</a> <a href=\"").Append(path).Append("\">Newest</a></nav>\n");
        }

        html.Append("</section>\n");
    }

    private static void AppendForm(StringBuilder html, FormState form, string board)
    {
        html.Append("<form method=\"POST\" action=\"").Append(BoardPaths.Page(board)).Append("\" class=\"compose\">\n");
        if (form.Token.Length > 0)
        {
            // Sending this form twice (a double click, a browser's retry) stores the message once.
            html.Append(TokenMarkup).Append(form.Token).Append("\">\n");
        }

        html.Append("<label for=\"message\">Your message</label>\n");
        if (form.Error is not null)
        {
            html.Append("<p class=\"error\" id=\"message-error\" role=\"alert\">").AppendText(form.Error).Append("</p>\n");
            html.Append("<textarea id=\"message\" name=\"message\" rows=\"3\" aria-invalid=\"true\" aria-describedby=\"message-error\">");
        }
        else
        {
            html.Append("<textarea id=\"message\" name=\"message\" rows=\"3\">");
        }

        // A newline straight after <textarea> is dropped by HTML parsers; writing one first keeps
        // a message that starts with a line break intact.
        html.Append('\n').AppendText(form.Text).Append("</textarea>\n");
        html.Append("<button type=\"submit\">Post</button>\n</form>\n");
    }

    private static void AppendMessage(StringBuilder html, BoardMessage message)
    {
        html.Append(message.IsRemoved ? "<li class=\"message removed\" id=\"m" : "<li class=\"message\" id=\"m").Append(message.Id).Append("\">")
            .Append("<p class=\"text\">").AppendText(message.IsRemoved ? RemovedText : message.Text).Append("</p>");
        AppendTime(html, message.PostedAt);
        html.Append("</li>\n");
    }

    /// <summary>A time as UTC, machine-readable in <c>datetime</c> (the script shows it in the reader's zone).</summary>
    internal static void AppendTime(StringBuilder html, DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        html.Append("<time datetime=\"").Append(utc.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)).Append("\">")
            .Append(utc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))
            .Append("</time>");
    }
}
