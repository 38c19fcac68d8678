using System.Diagnostics;
using ActorBoard.Actors.Board;
using ActorBoard.Actors.Cluster;
using ActorBoard.Actors.Serialization;
using ActorBoard.Actors.Storage;
using ActorBoard.Actors.Telemetry;
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
    /// <summary>The first attempt's share of the time allowed; each further attempt waits twice as long, up to <see cref="LongestAttempt"/>.</summary>
    private static readonly TimeSpan FirstAttempt = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Longest wait before asking again: a board that has just moved answers the next attempt, so
    /// a lost message costs at most this much on top of the move itself.
    /// </summary>
    private static readonly TimeSpan LongestAttempt = TimeSpan.FromSeconds(1);

    /// <summary>
    /// One whole page of the board (see <see cref="GetMessages"/>): a page of large messages comes
    /// in parts, each small enough to cross between nodes, asked for one after another; messages
    /// older than the board keeps in memory come from its <paramref name="history"/>.
    /// </summary>
    public static async Task<MessagesPage> PageAsync(this IRequiredActor<BoardRegion> boards, BoardHistory? history, GetMessages query, BoardOptions options, CancellationToken aborted) =>
        await history.CompleteAsync(query, await query.AskWholeAsync(part => boards.AskAgainAsync<MessagesPage>(part, "MessageStore page", options, aborted)), aborted);

    /// <summary>
    /// What a reader is shown: <see cref="PageAsync"/> of a board anybody posted to, and for a name
    /// nobody posted to the empty page, without asking (so without starting) the board.
    /// </summary>
    public static async Task<MessagesPage> ReadPageAsync(
        this IRequiredActor<BoardRegion> boards, KnownBoards known, BoardHistory? history, GetMessages query, BoardOptions options, CancellationToken aborted) =>
        await known.ExistsAsync(query.Board, aborted) ? await boards.PageAsync(history, query, options, aborted) : MessagesPage.Empty;

    /// <summary>
    /// The board's one answer to <paramref name="query"/>: the page, or its first part when the whole
    /// would not fit <see cref="WireBudget"/>, with what its <paramref name="history"/> holds of it.
    /// </summary>
    public static async Task<MessagesPage> PagePartAsync(this IRequiredActor<BoardRegion> boards, BoardHistory? history, GetMessages query, BoardOptions options, CancellationToken aborted) =>
        await history.CompleteAsync(query, await boards.AskAgainAsync<MessagesPage>(query, "MessageStore page", options, aborted), aborted);

    /// <summary>The message with this id on <paramref name="board"/>, or null (at once for a board nobody posted to).</summary>
    public static async Task<BoardMessage?> FindAsync(
        this IRequiredActor<BoardRegion> boards, KnownBoards known, BoardHistory? history, string board, long id, BoardOptions options, CancellationToken aborted) =>
        await known.ExistsAsync(board, aborted)
            ? await history.CompleteAsync(board, id, await boards.AskAgainAsync<MessageLookup>(new GetMessage(board, id), "MessageStore lookup", options, aborted), aborted)
            : null;

    /// <summary>
    /// Asks the board to append <paramref name="text"/> under <paramref name="key"/>. The answer can be
    /// lost (the board is moving to another node, or restarting), and then the post may or may not
    /// have been stored; the key makes asking again safe, so the ask is repeated, with growing
    /// patience, within <see cref="BoardOptions.AskTimeout"/>: the board stores the message once and
    /// answers every repeat with it. When traced, the store's journal commit is recorded under this span.
    /// </summary>
    public static Task<AppendReply> AppendAsync(this IRequiredActor<BoardRegion> boards, string board, string text, PostKey key, BoardOptions options, CancellationToken aborted) =>
        boards.AskAgainAsync<AppendReply>(board, "MessageStore append", trace => new AppendMessage(board, text) { Key = key, Trace = trace }, options, aborted);

    /// <summary>The operator's <paramref name="command"/> (removing a message, closing or reopening a board); each is safe to ask again.</summary>
    public static Task<ModerationReply> ModerateAsync(this IRequiredActor<BoardRegion> boards, IBoardMessage command, BoardOptions options, CancellationToken aborted) =>
        boards.AskAgainAsync<ModerationReply>(command, "MessageStore moderation", options, aborted);

    /// <summary>
    /// A query changes nothing, and an append carries its key, so either is asked again, with growing
    /// patience, while time remains: a message that reached the board between two incarnations (it is
    /// restarting after a failed write, or moving to another node) is lost, and the next one finds the
    /// new incarnation. Every attempt waits for its answer until the time allowed is up, and the first
    /// answer to any of them counts: a slow answer to an earlier attempt (a refusal after a write that
    /// took long to fail) is not lost because a later attempt was sent meanwhile.
    /// </summary>
    private static Task<T> AskAgainAsync<T>(this IRequiredActor<BoardRegion> boards, IBoardMessage query, string spanName, BoardOptions options, CancellationToken aborted) =>
        boards.AskAgainAsync<T>(query.Board, spanName, _ => query, options, aborted);

    private static async Task<T> AskAgainAsync<T>(
        this IRequiredActor<BoardRegion> boards, string board, string spanName, Func<ActivityContext, IBoardMessage> message, BoardOptions options, CancellationToken aborted)
    {
        using var span = BoardTracing.Source.StartActivity(spanName);
        span?.SetTag("actorboard.board", board);
        var ask = message(span?.Context ?? default);
        var started = Stopwatch.GetTimestamp();
        var attempts = new List<Task<T>>();
        using var outstanding = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        try
        {
            for (var patience = FirstAttempt; ; patience = patience * 2 < LongestAttempt ? patience * 2 : LongestAttempt)
            {
                var remaining = options.AskTimeout - Stopwatch.GetElapsedTime(started);
                attempts.Add(boards.ActorRef.Ask<T>(ask, remaining > TimeSpan.Zero ? remaining : TimeSpan.FromMilliseconds(1), outstanding.Token));
                var answered = Task.WhenAny(attempts);
                if (remaining < patience * 2 || await Task.WhenAny(answered, Task.Delay(patience, outstanding.Token)) == answered)
                {
                    // An answer, or the last attempt: every attempt ends by the same deadline.
                    return await await answered;
                }

                span?.AddEvent(new ActivityEvent("retry"));
            }
        }
        finally
        {
            // The attempts still waiting give up their temporary actors.
            await outstanding.CancelAsync();
        }
    }
}
