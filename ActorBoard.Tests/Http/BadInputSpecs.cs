using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>
/// Every kind of bad post gets a clear 4xx and leaves the board as it was. The form's errors
/// come back as the page itself: the error shown, the user's text still in the textarea.
/// </summary>
public sealed class BadInputSpecs : IDisposable
{
    private const int MaxLength = 50;
    private readonly BoardServer _server = BoardServer.InMemory(("Board:MaxMessageLength", MaxLength.ToString()));
    private readonly HttpClient _client;

    public BadInputSpecs() => _client = _server.CreateBoardClient();

    [Fact]
    public async Task A_form_without_a_message_field_is_refused_with_400()
    {
        var response = await _client.PostFormAsync(("text", "wrong field name"));

        await AssertRefusedPage(response, HttpStatusCode.BadRequest, "no 'message' field", keptText: "");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\r\n\t ")]
    public async Task An_empty_or_blank_message_is_refused_with_400_and_kept_in_the_form(string blank)
    {
        var response = await _client.PostMessageAsync(blank);

        await AssertRefusedPage(response, HttpStatusCode.BadRequest, "it is empty", keptText: blank);
    }

    [Theory]
    [InlineData("\u200B")]             // zero-width space
    [InlineData("\u2060 \u2060")]      // word joiners around a space
    [InlineData("\uFEFF\u200D\u00AD")] // byte order mark, zero-width joiner, soft hyphen
    [InlineData("\u3164")]             // Hangul filler
    public async Task A_message_of_invisible_characters_only_is_refused_as_blank(string invisible)
    {
        var response = await _client.PostMessageAsync(invisible);

        await AssertRefusedPage(response, HttpStatusCode.BadRequest, "it shows nothing", keptText: invisible);
    }

    [Fact]
    public async Task A_message_over_the_length_limit_is_refused_naming_the_limit()
    {
        var tooLong = new string('x', MaxLength + 1);

        var response = await _client.PostMessageAsync(tooLong);

        await AssertRefusedPage(response, HttpStatusCode.BadRequest, $"at most {MaxLength} characters", keptText: tooLong);
    }

    [Fact]
    public async Task The_length_limit_counts_characters_not_utf16_units()
    {
        var emoji = string.Concat(Enumerable.Repeat("🎉", MaxLength));

        var response = await _client.PostMessageAsync(emoji);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
    }

    [Fact]
    public async Task A_control_character_is_refused_with_400()
    {
        var response = await _client.PostMessageAsync("bell\a");

        await AssertRefusedPage(response, HttpStatusCode.BadRequest, "control character", keptText: null);
    }

    [Fact]
    public async Task A_body_larger_than_any_allowed_message_needs_is_refused_with_413()
    {
        var huge = new string('x', 200_000);

        var response = await _client.PostMessageAsync(huge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than 2048 bytes", await response.Content.ReadAsStringAsync());
        await AssertBoardIsEmpty();
    }

    [Fact]
    public async Task A_chunked_body_that_grows_too_large_is_refused_with_413()
    {
        var content = new StreamContent(new MemoryStream(Encoding.ASCII.GetBytes("message=" + new string('x', 200_000))));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertBoardIsEmpty();
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/json")]
    [InlineData("application/xml")]
    public async Task A_post_that_is_not_a_form_is_refused_with_415(string contentType)
    {
        var response = await _client.PostRawAsync("message=hello", contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("application/x-www-form-urlencoded or multipart/form-data", await response.Content.ReadAsStringAsync());
        await AssertBoardIsEmpty();
    }

    [Fact]
    public async Task A_post_without_a_content_type_is_refused_with_415()
    {
        var response = await _client.PostAsync("/", new ByteArrayContent(Encoding.ASCII.GetBytes("message=hello")));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await AssertBoardIsEmpty();
    }

    [Theory]
    [InlineData("message=%FF")]                      // a byte that never appears in UTF-8
    [InlineData("message=caf%C3")]                    // a sequence cut short
    [InlineData("message=%C0%AF")]                    // an overlong encoding of '/'
    [InlineData("message=%ED%A0%80")]                 // an encoded UTF-16 surrogate
    [InlineData("message=%F4%90%80%80")]              // beyond U+10FFFF
    public async Task Text_that_is_not_valid_utf8_after_percent_decoding_is_refused_with_400(string body)
    {
        var response = await _client.PostRawAsync(body, "application/x-www-form-urlencoded");

        await AssertRefusedPage(response, HttpStatusCode.BadRequest, "not valid UTF-8", keptText: null);
    }

    [Fact]
    public async Task Of_several_message_fields_the_first_is_stored()
    {
        var response = await _client.PostFormAsync(("message", "first"), ("message", "second"));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var stored = Assert.Single(await _client.ListAllAsync());
        Assert.Equal("first", stored.Text);
    }

    [Fact]
    public async Task A_multipart_form_is_accepted_like_an_urlencoded_one()
    {
        var form = new MultipartFormDataContent { { new StringContent("from multipart — ünïcödé"), "message" } };

        var response = await _client.PostAsync("/", form);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("from multipart — ünïcödé", Assert.Single(await _client.ListAllAsync()).Text);
    }

    [Fact]
    public async Task Invalid_utf8_in_a_multipart_field_is_refused_with_400()
    {
        var field = new ByteArrayContent([0x61, 0xFF, 0x62]);
        var form = new MultipartFormDataContent { { field, "message" } };

        var response = await _client.PostAsync("/", form);

        await AssertRefusedPage(response, HttpStatusCode.BadRequest, "not valid UTF-8", keptText: null);
    }

    [Fact]
    public async Task A_refused_post_still_shows_the_messages_already_on_the_board()
    {
        await _client.PostMessageAsync("already here");

        var response = await _client.PostMessageAsync("");

        Assert.Contains(">already here<", await response.Content.ReadAsStringAsync());
        Assert.Single(await _client.ListAllAsync());
    }

    private async Task AssertRefusedPage(HttpResponseMessage response, HttpStatusCode status, string error, string? keptText)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("role=\"alert\"", page);
        Assert.Contains(error, page);
        Assert.Contains("<textarea id=\"message\" name=\"message\"", page);
        if (keptText is not null)
        {
            Assert.Contains($">\n{keptText}</textarea>", page);
        }

        await AssertBoardIsEmpty();
    }

    private async Task AssertBoardIsEmpty() => Assert.Empty(await _client.ListAllAsync());

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }
}
