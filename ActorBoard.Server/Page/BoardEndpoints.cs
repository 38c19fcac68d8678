using System.Globalization;
using System.Text;
using ActorBoard.Actors;
using Akka.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ActorBoard.Server;

/// <summary>The page at <c>/</c>: GET shows the board, POST stores a message and redirects back (Post-Redirect-Get).</summary>
public static class BoardEndpoints
{
    // Every page may change with the next post: browsers revalidate each time (and get a 304 when nothing changed).
    private static readonly CacheControlHeaderValue NoCache = new() { NoCache = true };

    public static IEndpointRouteBuilder MapBoard(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], ShowBoard);

        // Antiforgery: deliberately off. The board has no accounts, cookies or sessions, so a
        // forged cross-site post can do nothing an anonymous visitor cannot do directly, and
        // plain HTTP clients (curl, scripts, load tests) post this form without a token.
        app.MapPost("/", PostMessage).DisableAntiforgery().RequireRateLimiting(PostRateLimits.Policy);

        app.MapMessagesApi();
        app.MapLiveEvents();
        app.MapBoardMetrics();
        return app;
    }

    private static async Task<IResult> ShowBoard(
        HttpContext context,
        IRequiredActor<MessageStore> store,
        RenderedPageCache pages,
        IOptions<BoardOptions> options)
    {
        var settings = options.Value;
        if (ReadPageRequest(context.Request) is not { } request)
        {
            return await RenderWithError(
                store, settings, new FormState(string.Empty, "The page address is not valid: 'before' or 'after' must be one whole number, not both."),
                StatusCodes.Status400BadRequest, context.RequestAborted);
        }

        var board = await store.PageAsync(BoardPageModel.Query(request, settings.PageSize), settings, context.RequestAborted);
        var newest = request.IsNewest ? pages.Newest(board) : null;
        var etag = newest?.ETag ?? pages.ETagFor(board.Version);
        var headers = context.Response.GetTypedHeaders();
        headers.ETag = etag;
        headers.CacheControl = NoCache;
        if (context.Request.Headers.IfNoneMatch.Count > 0
            && context.Request.GetTypedHeaders().IfNoneMatch.Any(tag => tag.Compare(etag, useStrongComparison: false) || tag.Equals(EntityTagHeaderValue.Any)))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        var bytes = newest?.Utf8
            ?? Encoding.UTF8.GetBytes(BoardPage.Render(BoardPageModel.For(board, request), FormState.Blank));
        return Results.Bytes(bytes, BoardPage.ContentType);
    }

    private static async Task<IResult> PostMessage(
        HttpRequest request,
        IRequiredActor<MessageStore> store,
        IOptions<BoardOptions> options,
        ILoggerFactory loggers,
        CancellationToken aborted)
    {
        var settings = options.Value;
        var (text, problem) = await FormMessageReader.ReadAsync(request, settings.MaxRequestBodyBytes);
        if (text is not null && MessageText.Problem(text, settings.MaxMessageLength) is { } textProblem)
        {
            problem = InputProblem.BadRequest(textProblem);
        }

        if (problem is not null)
        {
            loggers.CreateLogger(typeof(BoardEndpoints)).LogInformation("Refused a post to the board: {StatusCode} {Reason} {Detail}", problem.StatusCode, problem.Reason, problem.Detail);
            BoardMetrics.Rejected(problem.Reason);
            return await RenderWithError(store, settings, new FormState(text ?? string.Empty, problem.Detail), problem.StatusCode, aborted);
        }

        var reply = await store.AppendAsync(text!, settings, aborted);
        if (reply is AppendRejected rejected)
        {
            loggers.CreateLogger(typeof(BoardEndpoints)).LogWarning("Refused a post: {Reason}", rejected.Reason);
            request.HttpContext.Response.Headers.RetryAfter = StoreUnavailableHandler.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return await RenderWithError(store, settings, new FormState(text!, rejected.Reason), StatusCodes.Status503ServiceUnavailable, aborted);
        }

        return new SeeOtherResult("/");
    }

    /// <summary>The newest page with the form showing an error, answered with <paramref name="statusCode"/>.</summary>
    internal static async Task<IResult> RenderWithError(
        IRequiredActor<MessageStore> store, BoardOptions settings, FormState form, int statusCode, CancellationToken aborted)
    {
        var board = await store.PageAsync(GetMessages.Newest(settings.PageSize), settings, aborted);
        var page = BoardPageModel.For(board, PageRequest.Newest);
        return Results.Content(BoardPage.Render(page, form), BoardPage.ContentType, statusCode: statusCode);
    }

    /// <summary><c>/</c>, <c>/?before={id}</c> or <c>/?after={id}</c>; null when the query is not one of these.</summary>
    private static PageRequest? ReadPageRequest(HttpRequest request) =>
        QueryNumber.TryRead(request.Query, "before", out var before)
        && QueryNumber.TryRead(request.Query, "after", out var after)
        && (before is null || after is null)
            ? new PageRequest(before, after)
            : null;
}
