using System.Threading.RateLimiting;
using ActorBoard.Actors.Telemetry;
using ActorBoard.Server.Live;
using Microsoft.Extensions.Options;

namespace ActorBoard.Server.Operations;

/// <summary>
/// Bounds the requests being worked on at once (<see cref="BoardOptions.MaxConcurrentRequests"/>).
/// When saturated a new request gets 503 with <c>Retry-After</c> at once, instead of piling up in
/// Kestrel, the thread pool or the store's mailbox. Live event streams (of any board) are
/// long-lived and idle most of the time, so they are not counted here.
/// </summary>
public static class RequestConcurrencyLimit
{
    public static IApplicationBuilder UseRequestConcurrencyLimit(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<BoardOptions>>().Value;
        var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = options.MaxConcurrentRequests, QueueLimit = 0 });
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestConcurrencyLimit));
        return app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<LiveEventsEndpoints.LiveStream>() is not null)
            {
                await next(context);
                return;
            }

            using var lease = limiter.AttemptAcquire();
            if (!lease.IsAcquired)
            {
                logger.LogWarning("Refused {Method} {Path}: {Limit} requests already in progress", context.Request.Method, LogField.PathOf(context), options.MaxConcurrentRequests);
                if (HttpMethods.IsPost(context.Request.Method))
                {
                    BoardMetrics.Rejected("busy");
                }

                RetryAfter.Set(context.Response);
                await Results.Problem(
                        $"The board is handling {options.MaxConcurrentRequests} requests already. Try again in {RetryAfter.UnavailableSeconds} second(s).",
                        statusCode: StatusCodes.Status503ServiceUnavailable,
                        title: "The board is busy")
                    .ExecuteAsync(context);
                return;
            }

            await next(context);
        });
    }
}
