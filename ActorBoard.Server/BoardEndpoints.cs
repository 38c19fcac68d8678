using ActorBoard.Actors;
using Akka.Hosting;
using Microsoft.Extensions.Options;

namespace ActorBoard.Server;

/// <summary>The page at <c>/</c>: GET shows the board, POST stores a message and redirects back (Post-Redirect-Get).</summary>
public static class BoardEndpoints
{
    public static IEndpointRouteBuilder MapBoard(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], ShowBoard);

        // Antiforgery: deliberately off. The board has no accounts, cookies or sessions, so a
        // forged cross-site post can do nothing an anonymous visitor cannot do directly, and
        // plain HTTP clients (curl, scripts, load tests) post this form without a token.
        app.MapPost("/", PostMessage).DisableAntiforgery();

        app.MapMessagesApi();
        return app;
    }

    private static async Task<IResult> ShowBoard(IRequiredActor<MessageStore> store, IOptions<BoardOptions> options, CancellationToken aborted)
    {
        var board = await store.SnapshotAsync(options.Value, aborted);
        return Results.Content(BoardPage.Render(board, FormState.Blank), BoardPage.ContentType);
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
            loggers.CreateLogger(typeof(BoardEndpoints)).LogInformation("Refused a post to the board: {StatusCode} {Detail}", problem.StatusCode, problem.Detail);
            return await RenderWithError(store, settings, new FormState(text ?? string.Empty, problem.Detail), problem.StatusCode, aborted);
        }

        var reply = await store.AppendAsync(text!, settings, aborted);
        if (reply is AppendRejected rejected)
        {
            request.HttpContext.Response.Headers.RetryAfter = StoreUnavailableHandler.RetryAfterSeconds.ToString();
            return await RenderWithError(store, settings, new FormState(text!, rejected.Reason), StatusCodes.Status503ServiceUnavailable, aborted);
        }

        return new SeeOtherResult("/");
    }

    private static async Task<IResult> RenderWithError(
        IRequiredActor<MessageStore> store, BoardOptions settings, FormState form, int statusCode, CancellationToken aborted)
    {
        var board = await store.SnapshotAsync(settings, aborted);
        return Results.Content(BoardPage.Render(board, form), BoardPage.ContentType, statusCode: statusCode);
    }
}
