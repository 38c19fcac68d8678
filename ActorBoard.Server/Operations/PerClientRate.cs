using System.Threading.RateLimiting;

namespace ActorBoard.Server.Operations;

/// <summary>
/// The one shape of a per-client rate: a token bucket per <see cref="ClientAddress"/> holding
/// <c>perPeriod</c> tokens (that many at once), refilled one at a time across <c>period</c>, never
/// queueing; <c>0</c> is no limit. Posts a minute and new boards an hour both use it.
/// </summary>
public static class PerClientRate
{
    public static RateLimitPartition<string> For(string client, int perPeriod, TimeSpan period) =>
        perPeriod == 0
            ? RateLimitPartition.GetNoLimiter(client)
            : RateLimitPartition.GetTokenBucketLimiter(client, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = perPeriod,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = period / perPeriod,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
}
