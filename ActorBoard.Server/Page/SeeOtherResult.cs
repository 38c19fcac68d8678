namespace ActorBoard.Server.Page;

/// <summary>
/// 303 See Other with an empty body: the Post-Redirect-Get answer. ASP.NET Core's redirect
/// results send 301, 302, 307 or 308 only.
/// </summary>
public sealed class SeeOtherResult(string location) : IResult
{
    public string Location { get; } = location;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
        httpContext.Response.Headers.Location = Location;
        httpContext.Response.ContentLength = 0;
        return Task.CompletedTask;
    }
}
