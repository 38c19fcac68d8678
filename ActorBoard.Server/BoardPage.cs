using System.Globalization;
using System.Text;
using ActorBoard.Actors;

namespace ActorBoard.Server;

/// <summary>What the form shows besides the board: the text to keep in the textarea and an error to explain.</summary>
public sealed record FormState(string Text, string? Error)
{
    public static readonly FormState Blank = new(string.Empty, null);
}

/// <summary>The board's HTML page: a pure function of a snapshot and the form's state.</summary>
public static class BoardPage
{
    public const string ContentType = "text/html; charset=utf-8";

    public static string Render(BoardSnapshot board, FormState form)
    {
        var html = new StringBuilder(1024 + (board.Messages.Count * 160));
        html.Append("""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Message Board</title>
            <link rel="stylesheet" href="/board.css">
            </head>
            <body>
            <main>
            <h1>Message Board</h1>
            <form method="POST" action="/" class="compose">
            <label for="message">Your message</label>

            """);
        if (form.Error is not null)
        {
            html.Append("<p class=\"error\" id=\"message-error\" role=\"alert\">").AppendText(form.Error).Append("</p>\n");
            html.Append("<textarea id=\"message\" name=\"message\" rows=\"4\" aria-invalid=\"true\" aria-describedby=\"message-error\">");
        }
        else
        {
            html.Append("<textarea id=\"message\" name=\"message\" rows=\"4\">");
        }

        // A newline straight after <textarea> is dropped by HTML parsers; writing one first keeps
        // a message that starts with a line break intact.
        html.Append('\n').AppendText(form.Text).Append("</textarea>\n");
        html.Append("<button type=\"submit\">Post</button>\n</form>\n");

        html.Append("<section aria-labelledby=\"messages-heading\">\n<h2 id=\"messages-heading\">Messages</h2>\n");
        if (board.Messages.IsEmpty)
        {
            html.Append("<p class=\"empty\">No messages yet. Be the first to post.</p>\n");
        }
        else
        {
            html.Append("<ol class=\"messages\">\n");
            foreach (var message in board.Messages)
            {
                AppendMessage(html, message);
            }

            html.Append("</ol>\n");
        }

        html.Append("</section>\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendMessage(StringBuilder html, BoardMessage message)
    {
        var postedAt = message.PostedAt.ToUniversalTime();
        html.Append("<li class=\"message\" id=\"m").Append(message.Id).Append("\">")
            .Append("<p class=\"text\">").AppendText(message.Text).Append("</p>")
            .Append("<time datetime=\"").Append(postedAt.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)).Append("\">")
            .Append(postedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))
            .Append("</time></li>\n");
    }
}
