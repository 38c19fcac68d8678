using System.Text;
using ActorBoard.Actors.Board;
using ActorBoard.Actors.Cluster;
using ActorBoard.Server.Input;
using ActorBoard.Server.Operations;
using Akka.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ActorBoard.Server.Page;

/// <summary>
/// A board's page, at <c>/</c> for the default board and <c>/b/{name}</c> for any other: GET shows
/// the board, POST stores a message and redirects back to the page (Post-Redirect-Get).
/// </summary>
public static class BoardPageEndpoints
{
    // Every page may change with the next post: browsers revalidate each time (and get a 304 when
    // nothing changed). Private: a page's form token is for one browser, never a shared cache.
    private static readonly CacheControlHeaderValue NoCache = new() { NoCache = true, Private = true };

    public static IEndpointRouteBuilder MapBoardPages(this IEndpointRouteBuilder app)
    {
        foreach (var page in new[] { "/", $"/b/{{{BoardPaths.NameRouteValue}}}" })
        {
            app.MapMethods(page, [HttpMethods.Get, HttpMethods.Head], ShowBoard);

            // Antiforgery tokens: deliberately off. The board has no accounts, cookies or sessions,
            // and plain HTTP clients (curl, scripts, load tests) post this form without a token; a
            // post a browser marks as coming from another site is refused (SameSiteFormFilter).
            app.MapPost(page, PostMessage).DisableAntiforgery().AddEndpointFilter(SameSiteFormFilter.Instance).RequireRateLimiting(PostRateLimits.Policy);
        }

        return app;
    }

    private static async Task<IResult> ShowBoard(
        HttpContext context,
        IRequiredActor<BoardRegion> boards,
        RenderedPageCache pages,
        IOptions<BoardOptions> options)
    {
        var settings = options.Value;
        var name = BoardPaths.Board(context);
        if (ReadPageRequest(context.Request) is not { } request)
        {
            return await RenderWithError(
                boards, name, settings, string.Empty, InputProblem.BadRequest("The page address is not valid: 'before' or 'after' must be one whole number, not both."), context.RequestAborted);
        }

        var board = await boards.PageAsync(BoardPageModel.Query(name, request, settings.PageSize), settings, context.RequestAborted);
        var newest = request.IsNewest ? pages.Newest(name, board) : null;
        var etag = newest?.ETag ?? pages.ETagFor(name, board);
        var headers = context.Response.GetTypedHeaders();
        headers.ETag = etag;
        headers.CacheControl = NoCache;
        if (context.Request.Headers.IfNoneMatch.Count > 0
            && context.Request.GetTypedHeaders().IfNoneMatch.Any(tag => tag.Compare(etag, useStrongComparison: false) || tag.Equals(EntityTagHeaderValue.Any)))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return newest is not null
            ? new RenderedPageResult(newest)
            : Results.Bytes(Encoding.UTF8.GetBytes(BoardPage.Render(BoardPageModel.For(name, board, request), FormState.WithToken(PostKeys.NewToken()))), BoardPage.ContentType);
    }

    private static async Task<IResult> PostMessage(
        HttpRequest request,
        IRequiredActor<BoardRegion> boards,
        IOptions<BoardOptions> options,
        CancellationToken aborted)
    {
        var settings = options.Value;
        var name = BoardPaths.Board(request.HttpContext);
        var (text, token, problem) = await FormMessageReader.ReadAsync(request, settings.MaxRequestBodyBytes);
        if (text is not null && MessageText.Problem(text, settings.MaxMessageLength) is { } textProblem)
        {
            problem = InputProblem.BadRequest(textProblem);
        }

        if (problem is not null)
        {
            return await RenderWithError(boards, name, settings, text ?? string.Empty, PostRefusal.Refuse(request.HttpContext, problem), aborted);
        }

        switch (await boards.AppendAsync(name, text!, PostKeys.ForForm(token, text!), settings, aborted))
        {
            case AppendRejected rejected:
                return await RenderWithError(boards, name, settings, text!, PostRefusal.Unavailable(request.HttpContext, rejected), aborted);
            case BoardFull full:
                return await RenderWithError(boards, name, settings, text!, PostRefusal.Full(request.HttpContext, full), aborted);
            case BoardClosedToPosts:
                return await RenderWithError(boards, name, settings, text!, PostRefusal.Closed(request.HttpContext), aborted);
            case MessageAppended:
                return new SeeOtherResult(BoardPaths.Page(name));
            case var other:
                // The form's key covers its text, so the board cannot find it used for another message.
                throw new InvalidOperationException($"Unexpected answer to a form post: {other}");
        }
    }

    /// <summary>The newest page of the request's board with an empty form and <paramref name="problem"/> shown, for answers made outside a handler (filters, the rate limiter).</summary>
    internal static Task<IResult> RenderWithError(HttpContext context, InputProblem problem) =>
        RenderWithError(
            context.RequestServices.GetRequiredService<IRequiredActor<BoardRegion>>(),
            BoardPaths.BoardOf(context) ?? BoardName.Default,
            context.RequestServices.GetRequiredService<IOptions<BoardOptions>>().Value,
            string.Empty,
            problem,
            context.RequestAborted);

    /// <summary>The newest page with <paramref name="text"/> kept in the form and <paramref name="problem"/> shown beside it, answered with its status.</summary>
    internal static async Task<IResult> RenderWithError(
        IRequiredActor<BoardRegion> boards, string name, BoardOptions settings, string text, InputProblem problem, CancellationToken aborted)
    {
        var board = await boards.PageAsync(GetMessages.Newest(name, settings.PageSize), settings, aborted);
        var page = BoardPageModel.For(name, board, PageRequest.Newest);
        return Results.Content(BoardPage.Render(page, new FormState(text, problem.Detail, PostKeys.NewToken())), BoardPage.ContentType, statusCode: problem.StatusCode);
    }

    /// <summary><c>/</c>, <c>/?before={id}</c> or <c>/?after={id}</c>; null when the query is not one of these.</summary>
    private static PageRequest? ReadPageRequest(HttpRequest request) =>
        QueryNumber.TryRead(request.Query, "before", out var before)
        && QueryNumber.TryRead(request.Query, "after", out var after)
        && (before is null || after is null)
            ? new PageRequest(before, after)
            : null;
}
