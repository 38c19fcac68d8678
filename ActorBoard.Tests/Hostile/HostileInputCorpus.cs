using System.Text;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Hostile;

/// <summary>One hostile request: the exact bytes, the status the board must answer, and (when stored) the text it must keep.</summary>
public sealed record HostileCase(string Name, byte[] Request, int ExpectedStatus, string? StoredText = null)
{
    public override string ToString() => Name;
}

/// <summary>
/// The corpus: OWASP XSS filter-evasion vectors, broken and overlong UTF-8, control characters,
/// CRLF and bidi tricks, huge names and headers, duplicate fields, wrong content types,
/// truncated and chunked bodies. A body that stops arriving is answered 408 once it falls below
/// the minimum data rate (after Kestrel's grace period), never left hanging.
/// </summary>
public static class HostileInputCorpus
{
    private static readonly string[] MarkupVectors =
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg/onload=alert(1)>",
        "<body onload=alert(1)>",
        "<iframe src=\"javascript:alert(1)\">",
        "<a href=\"javascript:alert(1)\">click</a>",
        "\"><script>alert(1)</script>",
        "'><script>alert(1)</script>",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<IMG SRC=JaVaScRiPt:alert('XSS')>",
        "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
        "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\">",
        "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
        "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
        "<<SCRIPT>alert(\"XSS\");//<</SCRIPT>",
        "<SCRIPT SRC=http://xss.rocks/xss.js?< B >",
        "<iframe src=http://xss.rocks/scriptlet.html <",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<style>@import'http://xss.rocks/xss.css';</style>",
        "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
        "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
        "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
        "<!--<script>alert(1)//-->",
        "<![CDATA[<script>alert(1)</script>]]>",
        "</textarea><script>alert(1)</script>",
        "</p></li></ol><script>alert(1)</script>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "<object data=\"javascript:alert(1)\">",
        "<embed src=\"javascript:alert(1)\">",
        "<details open ontoggle=alert(1)>",
        "<video><source onerror=\"alert(1)\">",
        "<base href=\"javascript:alert(1)//\">",
        "<form action=\"javascript:alert(1)\"><input type=submit>",
        "{{constructor.constructor('alert(1)')()}}",
        "javascript:alert(document.cookie)",
    ];

    /// <summary>Text that is odd but legitimate: stored exactly as sent.</summary>
    private static readonly string[] OddButValidText =
    [
        "\u202Egnp.exe",                          // right-to-left override
        "\u2066isolated\u2069 text",               // bidi isolates
        "line one\r\nSet-Cookie: session=stolen",  // CRLF inside a field is text, not a header
        "👩‍👩‍👧‍👦 family, zero\u200Bwidth",        // joiners and a zero-width space
        "100% sure",                               // a stray percent sign stays literal
    ];

    public static IEnumerable<object[]> Cases() => All().Select(c => new object[] { c });

    private static IEnumerable<HostileCase> All()
    {
        foreach (var vector in MarkupVectors)
        {
            yield return new($"markup: {vector}", RawHttp.PostForm("message=" + Uri.EscapeDataString(vector)), 303, vector);
        }

        foreach (var text in OddButValidText)
        {
            yield return new($"odd text: {Uri.EscapeDataString(text)}", RawHttp.PostForm("message=" + Uri.EscapeDataString(text)), 303, text);
        }

        foreach (var (name, encoded) in new[]
                 {
                     ("NUL byte", "a%00b"), ("start of heading", "%01"), ("escape sequence", "%1B%5B31mred"), ("DEL", "x%7F"),
                     ("C1 next line", "%C2%85"), ("overlong slash", "%C0%AF"), ("overlong less-than", "%C0%BC"),
                     ("bytes never in UTF-8", "%FF%FE"), ("encoded surrogate", "%ED%B2%80"), ("cut-off sequence", "%E2%82"),
                     ("beyond U+10FFFF", "%F4%90%80%80"), ("five-byte form", "%F8%88%80%80%80"),
                     ("zero-width space only", "%E2%80%8B"), ("byte order mark and word joiner only", "%EF%BB%BF%E2%81%A0"),
                 })
        {
            yield return new($"rejected text: {name}", RawHttp.PostForm("message=" + encoded), 400);
        }

        yield return new("empty field", RawHttp.PostForm("message="), 400);
        yield return new("field with no equals sign", RawHttp.PostForm("message"), 400);
        yield return new("duplicate fields: the first wins", RawHttp.PostForm("message=first&message=%3Cscript%3E"), 303, "first");
        yield return new("junk pairs before the field", RawHttp.PostForm("=&&&=x&message=kept"), 303, "kept");
        yield return new("huge field name, over the body limit", RawHttp.PostForm(new string('n', 200_000) + "=x"), 413);
        yield return new("long field name, no message field", RawHttp.PostForm(new string('n', 10_000) + "=x"), 400);
        yield return new("no content type", RawHttp.Post("", "message=hi"u8.ToArray()), 415);
        yield return new("text/html content type", RawHttp.Post("text/html", "message=hi"u8.ToArray()), 415);
        yield return new("JSON sent to the form", RawHttp.Post("application/json", "{\"message\":\"hi\"}"u8.ToArray()), 415);
        yield return new("declared Latin-1 but not UTF-8", RawHttp.Post("application/x-www-form-urlencoded; charset=iso-8859-1", "message=caf%E9"u8.ToArray()), 400);
        yield return new("multipart without a boundary", RawHttp.Post("multipart/form-data", "message=hi"u8.ToArray()), 400);
        yield return new("multipart with a broken body", RawHttp.Post("multipart/form-data; boundary=XYZ", "--XYZ\r\nno headers end"u8.ToArray()), 400);
        yield return new("body shorter than its Content-Length", RawHttp.Ascii("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nmessage=cut"), 408);
        yield return new("chunked body", RawHttp.Ascii("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n8\r\nmessage=\r\n7\r\nchunked\r\n0\r\n\r\n"), 303, "chunked");
        yield return new("chunked body with a bad chunk size", RawHttp.Ascii("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZ\r\nmessage=x\r\n0\r\n\r\n"), 400);
        yield return new("chunked body cut off", RawHttp.Ascii("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n20\r\nmessage=never"), 408);
        yield return new("one enormous header", RawHttp.Ascii($"GET / HTTP/1.1\r\nHost: x\r\nX-Big: {new string('a', 64 * 1024)}\r\nConnection: close\r\n\r\n"), 431);
        yield return new("too many headers", RawHttp.Ascii($"GET / HTTP/1.1\r\nHost: x\r\n{string.Concat(Enumerable.Range(0, 200).Select(i => $"X-H{i}: v\r\n"))}Connection: close\r\n\r\n"), 431);
        yield return new("request line too long", RawHttp.Ascii($"GET /?before={new string('1', 20_000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 414);
        yield return new("request line ending in a bare LF (tolerated)", RawHttp.Ascii("GET / HTTP/1.1\nHost: x\r\nConnection: close\r\n\r\n"), 200);
        yield return new("not HTTP at all", Encoding.ASCII.GetBytes("HELLO THERE\r\n\r\n"), 400);
    }
}
