using ActorBoard.Actors.Telemetry;
using Akka.Actor;
using Microsoft.AspNetCore.Diagnostics;

namespace ActorBoard.Server.Operations;

/// <summary>
/// Turns "the store did not answer within <see cref="BoardOptions.AskTimeout"/>" into 503 with
/// <c>Retry-After</c>, so a slow or restarting store never leaves a client hanging or sees a 500.
/// </summary>
internal sealed class StoreUnavailableHandler(IProblemDetailsService problems, ILogger<StoreUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (AskTimeoutException or TimeoutException))
        {
            return false;
        }

        logger.LogWarning("The message store did not answer {Method} {Path} in time", context.Request.Method, LogField.PathOf(context));
        if (HttpMethods.IsPost(context.Request.Method))
        {
            BoardMetrics.Rejected("unavailable");
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        RetryAfter.Set(context.Response);
        var detail = $"The message store did not answer in time. Try again in {RetryAfter.UnavailableSeconds} second(s).";
        var written = await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The board is not answering right now",
                Detail = detail,
            },
        });
        if (!written)
        {
            // The client accepts no JSON: plain text still says what happened.
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(detail, cancellationToken);
        }

        return true;
    }
}
