namespace ActorBoard.Server.Page;

/// <summary>
/// The one guard every board route has: a name in the URL that is not a board's is answered 404
/// (a page saying why for the HTML routes, problem+json for the others) before the handler runs,
/// and creates nothing. Handlers behind it read their board with <see cref="BoardPaths.Board"/>.
/// </summary>
public sealed class BoardNameFilter : IEndpointFilter
{
    /// <summary>For the HTML pages: the 404 is a page.</summary>
    public static readonly BoardNameFilter Page = new(html: true);

    /// <summary>For the JSON API, live streams and operator routes: the 404 is problem+json.</summary>
    public static readonly BoardNameFilter Problem = new(html: false);

    private readonly bool _html;

    private BoardNameFilter(bool html) => _html = html;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (BoardPaths.BoardOf(http) is not null)
        {
            return await next(context);
        }

        return _html
            ? Results.Content(BoardPage.RenderMissing(BoardPaths.NoSuchBoard(http)), BoardPage.ContentType, statusCode: StatusCodes.Status404NotFound)
            : BoardPaths.NoSuchBoardProblem(http);
    }
}
