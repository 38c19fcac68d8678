using System.Text.Json.Serialization;
using ActorBoard.Actors.Board;
using ActorBoard.Actors.Cluster;
using ActorBoard.Server.Input;
using ActorBoard.Server.Page;
using Akka.Hosting;
using Microsoft.Extensions.Options;

namespace ActorBoard.Server.Operations;

/// <summary>What a moderation request did: the board, the message when one was named, and whether anything changed.</summary>
public sealed record ModerationResult(
    string Board,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Message,
    string Action,
    bool Changed);

/// <summary>
/// The operator's moderation API, on the operator's listener only (<see cref="OperatorListener"/>)
/// and only when <see cref="BoardOptions.ModerationToken"/> is set; every request carries that
/// token (<see cref="ModerationToken"/>) and a <c>reason</c>, and every action is logged with both
/// what and why. Each one is an event in the board's journal, safe to send again.
/// <list type="bullet">
/// <item><c>DELETE /api/moderation/boards/{name}/messages/{id}?reason=…[&amp;erase=true]</c>: remove a message.</item>
/// <item><c>POST /api/moderation/boards/{name}/close?reason=…</c>: refuse new posts, leave the list of boards.</item>
/// <item><c>POST /api/moderation/boards/{name}/reopen?reason=…</c>: take posts again.</item>
/// </list>
/// </summary>
public static class ModerationEndpoints
{
    public const string Prefix = "/api/moderation";
    public const int MaxReasonLength = 500;

    public static IEndpointRouteBuilder MapModeration(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<IOptions<BoardOptions>>().Value.ModerationToken is not { Length: > 0 } token)
        {
            return app; // no token, no moderation
        }

        var boards = app.MapGroup($"{Prefix}/boards/{{{BoardPaths.NameRouteValue}}}").AddEndpointFilter(new ModerationToken(token));
        boards.MapDelete("/messages/{id:long}", RemoveMessage);
        boards.MapPost("/close", CloseBoard);
        boards.MapPost("/reopen", ReopenBoard);
        return app;
    }

    private static Task<IResult> RemoveMessage(
        HttpContext context, long id, string? reason, bool? erase, IRequiredActor<BoardRegion> boards, IOptions<BoardOptions> options) =>
        Moderate(context, reason, id, erase == true ? "erased" : "removed", name => new RemoveMessage(name, id, reason!) { Erase = erase == true }, boards, options.Value);

    private static Task<IResult> CloseBoard(HttpContext context, string? reason, IRequiredActor<BoardRegion> boards, IOptions<BoardOptions> options) =>
        Moderate(context, reason, null, "closed", name => new CloseBoard(name, reason!), boards, options.Value);

    private static Task<IResult> ReopenBoard(HttpContext context, string? reason, IRequiredActor<BoardRegion> boards, IOptions<BoardOptions> options) =>
        Moderate(context, reason, null, "reopened", name => new ReopenBoard(name, reason!), boards, options.Value);

    private static async Task<IResult> Moderate(
        HttpContext context, string? reason, long? message, string action, Func<string, IBoardMessage> command, IRequiredActor<BoardRegion> boards, BoardOptions options)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > MaxReasonLength)
        {
            return Results.Problem(
                $"Say why in 'reason' (1 to {MaxReasonLength} characters): it is logged, and kept in the board's journal.",
                statusCode: StatusCodes.Status400BadRequest,
                title: "A reason is needed");
        }

        var name = BoardPaths.Board(context);
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ModerationEndpoints));
        switch (await boards.ModerateAsync(command(name), options, context.RequestAborted))
        {
            case ModerationDone done:
                logger.LogWarning(
                    "Moderation: board {Board} message {Message} {Action} (changed: {Changed}) because {Reason} (operator client {Client})",
                    name, message, action, done.Changed, LogField.Clean(reason), ClientAddress.Of(context));
                return Results.Ok(new ModerationResult(name, message, action, done.Changed));
            case NoSuchMessage missing:
                return Results.Problem($"Board '{name}' has no message {missing.Id}.", statusCode: StatusCodes.Status404NotFound, title: "Message not found");
            case ModerationFailed failed:
                RetryAfter.Set(context.Response);
                return Results.Problem(failed.Reason, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not done yet");
            case var other:
                throw new InvalidOperationException($"Unexpected answer to moderation: {other}");
        }
    }
}
