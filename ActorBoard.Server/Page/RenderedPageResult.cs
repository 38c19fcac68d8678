using System.Buffers;
using System.Text;
using ActorBoard.Server.Input;

namespace ActorBoard.Server.Page;

/// <summary>
/// A cached page sent with a one-time form token of its own: the shared bytes before the token's
/// place, the fresh token, and the shared bytes after it, with no copy of the page per request.
/// </summary>
public sealed class RenderedPageResult(RenderedPage page) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var token = Encoding.ASCII.GetBytes(PostKeys.NewToken());
        var response = httpContext.Response;
        response.ContentType = BoardPage.ContentType;
        response.ContentLength = page.Utf8.Length;
        if (HttpMethods.IsHead(httpContext.Request.Method))
        {
            return;
        }

        var body = response.BodyWriter;
        if (page.TokenOffset < 0)
        {
            body.Write(page.Utf8); // no form (the board is closed), no token
        }
        else
        {
            body.Write(page.Utf8.AsSpan(0, page.TokenOffset));
            body.Write(token);
            body.Write(page.Utf8.AsSpan(page.TokenOffset + token.Length));
        }

        await body.FlushAsync(httpContext.RequestAborted);
    }
}
