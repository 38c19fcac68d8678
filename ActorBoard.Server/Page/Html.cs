using System.Buffers;
using System.Text;

namespace ActorBoard.Server.Page;

/// <summary>
/// Escaping for the page. Text content escapes only <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c>:
/// that is all HTML needs there, and it leaves quotes and apostrophes exactly as posted, so a
/// client searching the page source for its own text finds it. Attribute values escape quotes too.
/// </summary>
public static class Html
{
    private static readonly SearchValues<char> TextSpecials = SearchValues.Create("&<>");
    private static readonly SearchValues<char> AttributeSpecials = SearchValues.Create("&<>\"'");

    public static StringBuilder AppendText(this StringBuilder html, string text) =>
        AppendEscaped(html, text, TextSpecials);

    public static StringBuilder AppendAttribute(this StringBuilder html, string value) =>
        AppendEscaped(html, value, AttributeSpecials);

    private static StringBuilder AppendEscaped(StringBuilder html, ReadOnlySpan<char> rest, SearchValues<char> specials)
    {
        for (var next = rest.IndexOfAny(specials); next >= 0; next = rest.IndexOfAny(specials))
        {
            html.Append(rest[..next]).Append(rest[next] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                _ => "&#39;",
            });
            rest = rest[(next + 1)..];
        }

        return html.Append(rest);
    }
}
