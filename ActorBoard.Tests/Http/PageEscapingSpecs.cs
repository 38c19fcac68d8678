using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>
/// Whatever is posted comes back as text, never as markup: the page escapes &amp;, &lt; and &gt;,
/// and leaves everything else (quotes, apostrophes, line breaks, any Unicode) exactly as posted.
/// </summary>
public sealed class PageEscapingSpecs : IClassFixture<SharedBoard>
{
    private readonly HttpClient _client;

    public PageEscapingSpecs(SharedBoard board) => _client = board.Client;

    [Theory]
    [InlineData("<script>alert('xss')</script>", "&lt;script&gt;alert('xss')&lt;/script&gt;")]
    [InlineData("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;")]
    [InlineData("</textarea><script>alert(1)</script>", "&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;")]
    [InlineData("<svg/onload=alert(1)>", "&lt;svg/onload=alert(1)&gt;")]
    [InlineData("&lt;b&gt; is already escaped", "&amp;lt;b&amp;gt; is already escaped")]
    [InlineData("\"><iframe src=javascript:alert(1)>", "\"&gt;&lt;iframe src=javascript:alert(1)&gt;")]
    public async Task Markup_in_a_message_is_shown_as_text(string posted, string expectedInSource)
    {
        await _client.PostMessageAsync(posted);

        var page = await _client.GetStringAsync("/");

        Assert.Contains($"<p class=\"text\">{expectedInSource}</p>", page);
        Assert.DoesNotContain(posted, page);
    }

    [Theory]
    [InlineData("Don't forget.")]
    [InlineData("She said \"hello\" and left")]
    [InlineData("Line one\nLine two\r\nLine three")]
    [InlineData("Ünïcödé, 日本語, 한국어, العربية and emoji 🎉👍🏽")]
    [InlineData("Tabs\tand   spaces   stay")]
    public async Task Quotes_line_breaks_and_unicode_appear_in_the_page_source_exactly_as_posted(string posted)
    {
        await _client.PostMessageAsync(posted);

        var page = await _client.GetStringAsync("/");

        Assert.Contains($"<p class=\"text\">{posted}</p>", page);
    }
}
