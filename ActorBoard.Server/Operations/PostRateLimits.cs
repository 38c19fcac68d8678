using System.Threading.RateLimiting;
using ActorBoard.Server.Input;
using ActorBoard.Server.Page;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ActorBoard.Server.Operations;

/// <summary>
/// Posts per client (<see cref="ClientAddress"/>: an IPv4 address, an IPv6 /64): <see cref="BoardOptions.PostsPerMinutePerClient"/> a minute,
/// as a token bucket (that many at once, then one every 60/N seconds). Beyond it a post gets 429
/// with <c>Retry-After</c>: the page again with the reason for a form post, problem+json for the API.
/// </summary>
public static class PostRateLimits
{
    public const string Policy = "posts";

    public static IServiceCollection AddPostRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(Policy, context =>
            {
                var perMinute = context.RequestServices.GetRequiredService<IOptions<BoardOptions>>().Value.PostsPerMinutePerClient;
                return PerClientRate.For(ClientAddress.Of(context), perMinute, TimeSpan.FromMinutes(1));
            });
            limiter.OnRejected = Reject;
        });
        return services;
    }

    private static async ValueTask Reject(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var options = context.RequestServices.GetRequiredService<IOptions<BoardOptions>>().Value;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        var problem = PostRefusal.Refuse(context, new InputProblem(
            StatusCodes.Status429TooManyRequests,
            "Too many posts",
            $"You are posting too fast: at most {options.PostsPerMinutePerClient} posts a minute. Try again in {seconds} second(s).")
        {
            RetryAfterSeconds = seconds,
        });
        var answer = context.Request.Path.StartsWithSegments("/api")
            ? problem.AsProblemDetails()
            : await BoardPageEndpoints.RenderWithError(context, string.Empty, problem);
        await answer.ExecuteAsync(context);
    }
}
