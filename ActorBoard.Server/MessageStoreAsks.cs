using System.Diagnostics;
using ActorBoard.Actors;
using Akka.Actor;
using Akka.Hosting;

namespace ActorBoard.Server;

/// <summary>
/// The questions endpoints put to a board, through the boards' shard region (the board may live on
/// another node). Each is bounded by <see cref="BoardOptions.AskTimeout"/> (a bare Ask would wait
/// forever) and the request's abort token.
/// </summary>
public static class MessageStoreAsks
{
    /// <summary>The first attempt's share of the time allowed; each further attempt waits twice as long.</summary>
    private static readonly TimeSpan FirstAttempt = TimeSpan.FromMilliseconds(250);

    /// <summary>One page of the board (see <see cref="GetMessages"/>).</summary>
    public static Task<MessagesPage> PageAsync(this IRequiredActor<BoardRegion> boards, GetMessages query, BoardOptions options, CancellationToken aborted) =>
        boards.AskAgainAsync<MessagesPage>(query, "MessageStore page", options, aborted);

    /// <summary>The message with this id on <paramref name="board"/>, or null.</summary>
    public static async Task<BoardMessage?> FindAsync(this IRequiredActor<BoardRegion> boards, string board, long id, BoardOptions options, CancellationToken aborted) =>
        (await boards.AskAgainAsync<MessageLookup>(new GetMessage(board, id), "MessageStore lookup", options, aborted)).Message;

    /// <summary>
    /// Asks the store to append, once: a lost answer does not mean a lost post, so it is never
    /// sent twice. When traced, the store's journal commit is recorded under this span.
    /// </summary>
    public static async Task<AppendReply> AppendAsync(this IRequiredActor<BoardRegion> boards, string board, string text, BoardOptions options, CancellationToken aborted)
    {
        using var span = BoardTracing.Source.StartActivity("MessageStore append");
        span?.SetTag("actorboard.board", board);
        return await boards.ActorRef.Ask<AppendReply>(new AppendMessage(board, text) { Trace = span?.Context ?? default }, options.AskTimeout, aborted);
    }

    /// <summary>
    /// A query changes nothing, so it is asked again, with growing patience, while time remains:
    /// a query that reached the store between two incarnations (it is restarting after a failed
    /// write) is lost, and the next one finds the new incarnation.
    /// </summary>
    private static async Task<T> AskAgainAsync<T>(this IRequiredActor<BoardRegion> store, IBoardMessage query, string spanName, BoardOptions options, CancellationToken aborted)
    {
        using var span = BoardTracing.Source.StartActivity(spanName);
        span?.SetTag("actorboard.board", query.Board);
        var started = Stopwatch.GetTimestamp();
        for (var patience = FirstAttempt; ; patience *= 2)
        {
            var remaining = options.AskTimeout - Stopwatch.GetElapsedTime(started);
            var attempt = remaining < patience * 2 ? remaining : patience;
            try
            {
                return await store.ActorRef.Ask<T>(query, attempt > TimeSpan.Zero ? attempt : TimeSpan.FromMilliseconds(1), aborted);
            }
            catch (AskTimeoutException) when (attempt < remaining)
            {
                span?.AddEvent(new ActivityEvent("retry"));
            }
        }
    }
}
