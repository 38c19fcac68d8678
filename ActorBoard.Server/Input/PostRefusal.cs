using ActorBoard.Actors.Board;
using ActorBoard.Actors.Telemetry;
using ActorBoard.Server.Operations;

namespace ActorBoard.Server.Input;

/// <summary>
/// The one path a refused post takes, from the page's form and the API alike, over the rate limit too: logged once in the
/// same words (input at Information, a board that could not take it at Warning), counted by
/// reason, and <c>Retry-After</c> set wherever the problem says when to try again (a board that
/// could not take it: 503; too many posts or new boards: 429). Each endpoint
/// then shows the <see cref="InputProblem"/> its own way: the page with the error beside the form,
/// the API as problem details.
/// </summary>
public static class PostRefusal
{
    /// <summary>The post's input is refused (<paramref name="problem"/>): nothing was stored.</summary>
    public static InputProblem Refuse(HttpContext context, InputProblem problem)
    {
        BoardMetrics.Rejected(problem.Reason);
        return Announce(context, LogLevel.Information, problem);
    }

    /// <summary>
    /// The board could not take the post (busy, or its journal failing; the board counted it):
    /// 503, try again after <see cref="RetryAfter.UnavailableSeconds"/>.
    /// </summary>
    public static InputProblem Unavailable(HttpContext context, AppendRejected rejected)
    {
        var problem = new InputProblem(StatusCodes.Status503ServiceUnavailable, "The board is busy", rejected.Reason) { RetryAfterSeconds = RetryAfter.UnavailableSeconds };
        return Announce(context, LogLevel.Warning, problem);
    }

    /// <summary>The board holds its limit of messages (it counted the refusal): 409, naming the limit.</summary>
    public static InputProblem Full(HttpContext context, BoardFull full)
    {
        var problem = new InputProblem(
            StatusCodes.Status409Conflict,
            "The board is full",
            $"This board holds {full.Limit:N0} messages, as many as a board may; it takes no more. Post to another board.");
        return Announce(context, LogLevel.Information, problem);
    }

    /// <summary>The operator closed the board: 409, saying so (the operator's reason is theirs, not the client's).</summary>
    public static InputProblem Closed(HttpContext context)
    {
        var problem = new InputProblem(StatusCodes.Status409Conflict, "The board is closed", "This board is closed to new posts. Its messages stay readable.") { Reason = "closed" };
        return Announce(context, LogLevel.Information, problem);
    }

    /// <summary>The API's answer: RFC 9457 problem details.</summary>
    public static IResult AsProblemDetails(this InputProblem problem) =>
        Results.Problem(problem.Detail, statusCode: problem.StatusCode, title: problem.Title);

    /// <summary>Logs the refusal and, when the problem says when to try again, sets <c>Retry-After</c>.</summary>
    private static InputProblem Announce(HttpContext context, LogLevel level, InputProblem problem)
    {
        if (problem.RetryAfterSeconds is { } seconds)
        {
            RetryAfter.Set(context.Response, seconds);
        }

        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PostRefusal))
            .Log(level, "Refused a post to the board: {StatusCode} {Reason} {Detail} (client {Client}, {Path})", problem.StatusCode, problem.Reason, problem.Detail, ClientAddress.Of(context), LogField.PathOf(context));
        return problem;
    }
}
