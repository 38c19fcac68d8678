using System.Text;

namespace ActorBoard.Server;

/// <summary>
/// Escaping for the page. Text content escapes only <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c>:
/// that is all HTML needs there, and it leaves quotes and apostrophes exactly as posted, so a
/// client searching the page source for its own text finds it. Attribute values escape quotes too.
/// </summary>
public static class Html
{
    public static StringBuilder AppendText(this StringBuilder html, string text)
    {
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => html.Append("&amp;"),
                '<' => html.Append("&lt;"),
                '>' => html.Append("&gt;"),
                _ => html.Append(c),
            };
        }

        return html;
    }

    public static StringBuilder AppendAttribute(this StringBuilder html, string value)
    {
        foreach (var c in value)
        {
            _ = c switch
            {
                '&' => html.Append("&amp;"),
                '<' => html.Append("&lt;"),
                '>' => html.Append("&gt;"),
                '"' => html.Append("&quot;"),
                '\'' => html.Append("&#39;"),
                _ => html.Append(c),
            };
        }

        return html;
    }
}
