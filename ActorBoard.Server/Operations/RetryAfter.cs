using System.Globalization;

namespace ActorBoard.Server.Operations;

/// <summary>
/// The one way the server tells a client when to try again (a 503 while the board is busy or not
/// answering, a 429 over the post rate): a <c>Retry-After</c> header in whole seconds.
/// </summary>
public static class RetryAfter
{
    /// <summary>How long a client waits after a 503: the board is busy, restarting or moving, which passes within a second or so.</summary>
    public const int UnavailableSeconds = 1;

    /// <summary>Sets <c>Retry-After</c> to <paramref name="seconds"/> (at least 1).</summary>
    public static void Set(HttpResponse response, int seconds = UnavailableSeconds) =>
        response.Headers.RetryAfter = Math.Max(1, seconds).ToString(CultureInfo.InvariantCulture);
}
