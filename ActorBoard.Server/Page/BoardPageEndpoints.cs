using System.Text;
using ActorBoard.Actors.Board;
using ActorBoard.Actors.Cluster;
using ActorBoard.Actors.Storage;
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
        KnownBoards known,
        BoardStorage storage,
        IOptions<BoardOptions> options)
    {
        var settings = options.Value;
        var name = BoardPaths.Board(context);
        if (ReadPageRequest(context.Request) is not { } request)
        {
            return await RenderWithError(context, string.Empty, InputProblem.BadRequest("The page address is not valid: 'before' or 'after' must be one whole number, not both."));
        }

        var query = BoardPageModel.Query(name, request, settings.PageSize);
        var answer = await boards.ReadPageAsync(known, history: null, query, settings, context.RequestAborted);
        // A page wholly in the board's history is kept across posts; the newest is kept per version;
        // a board nobody posted to is rendered each time, never kept: made-up names cannot fill the cache.
        var kept = HistoryReads.LiesInHistory(query, answer)
            ? await pages.InHistoryAsync(name, request, answer, () => storage.History.CompleteAsync(query, answer, context.RequestAborted))
            : null;
        var board = kept is null ? await storage.History.CompleteAsync(query, answer, context.RequestAborted) : answer;
        kept ??= request.IsNewest && board.Version > 0 ? pages.Newest(name, board) : null;
        var etag = kept?.ETag ?? pages.ETagFor(name, board);
        var headers = context.Response.GetTypedHeaders();
        headers.ETag = etag;
        headers.CacheControl = NoCache;
        if (context.Request.Headers.IfNoneMatch.Count > 0
            && context.Request.GetTypedHeaders().IfNoneMatch.Any(tag => tag.Compare(etag, useStrongComparison: false) || tag.Equals(EntityTagHeaderValue.Any)))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return kept is not null
            ? new RenderedPageResult(kept)
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
            return await RenderWithError(request.HttpContext, text ?? string.Empty, PostRefusal.Refuse(request.HttpContext, problem));
        }

        var (reply, refusal) = await BoardPosting.PostAsync(request.HttpContext, boards, name, text!, PostKeys.ForForm(token, text!), settings);
        switch (reply)
        {
            case null:
                return await RenderWithError(request.HttpContext, text!, refusal!);
            case AppendRejected rejected:
                return await RenderWithError(request.HttpContext, text!, PostRefusal.Unavailable(request.HttpContext, rejected));
            case BoardFull full:
                return await RenderWithError(request.HttpContext, text!, PostRefusal.Full(request.HttpContext, full));
            case BoardClosedToPosts:
                return await RenderWithError(request.HttpContext, text!, PostRefusal.Closed(request.HttpContext));
            case MessageAppended:
                return new SeeOtherResult(BoardPaths.Page(name));
            case var other:
                // The form's key covers its text, so the board cannot find it used for another message.
                throw new InvalidOperationException($"Unexpected answer to a form post: {other}");
        }
    }

    /// <summary>
    /// The answer to a refused post or a bad page address, with <paramref name="text"/> kept in the form
    /// and <paramref name="problem"/> shown beside it, answered with its status: the board's newest page
    /// for a problem with the input, where the board helps the writer; a small page of its own, asking
    /// nothing of the board, for a refusal that must cost little (too many posts, too large, no room:
    /// <see cref="BoardPage.RenderRefusal"/>).
    /// </summary>
    internal static async Task<IResult> RenderWithError(HttpContext context, string text, InputProblem problem)
    {
        var name = BoardPaths.BoardOf(context) ?? BoardName.Default;
        var form = new FormState(text, problem.Detail, PostKeys.NewToken());
        if (problem.StatusCode is StatusCodes.Status429TooManyRequests or StatusCodes.Status413PayloadTooLarge or StatusCodes.Status507InsufficientStorage)
        {
            return Results.Content(BoardPage.RenderRefusal(name, form), BoardPage.ContentType, statusCode: problem.StatusCode);
        }

        var services = context.RequestServices;
        var settings = services.GetRequiredService<IOptions<BoardOptions>>().Value;
        var board = await services.GetRequiredService<IRequiredActor<BoardRegion>>()
            .ReadPageAsync(services.GetRequiredService<KnownBoards>(), services.GetRequiredService<BoardStorage>().History, GetMessages.Newest(name, settings.PageSize), settings, context.RequestAborted);
        return Results.Content(BoardPage.Render(BoardPageModel.For(name, board, PageRequest.Newest), form), BoardPage.ContentType, statusCode: problem.StatusCode);
    }

    /// <summary><c>/</c>, <c>/?before={id}</c> or <c>/?after={id}</c>; null when the query is not one of these.</summary>
    private static PageRequest? ReadPageRequest(HttpRequest request) =>
        QueryNumber.TryRead(request.Query, "before", out var before)
        && QueryNumber.TryRead(request.Query, "after", out var after)
        && (before is null || after is null)
            ? new PageRequest(before, after)
            : null;
}
