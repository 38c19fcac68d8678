using ActorBoard.Actors.Board;
using ActorBoard.Actors.Storage;

namespace ActorBoard.Server;

/// <summary>
/// The part of an answer a board leaves to its history: a board keeps its newest messages in
/// memory and answers with those, naming where its history takes over
/// (<see cref="MessagesPage.HistoryBelow"/>); the older part of the page is read here, from the
/// history, which holds every message below that id (the board let them go only once it did).
/// </summary>
public static class HistoryReads
{
    /// <summary><paramref name="page"/>, the board's answer to <paramref name="query"/>, with the messages its history holds for the same query.</summary>
    public static async Task<MessagesPage> CompleteAsync(this BoardHistory? history, GetMessages query, MessagesPage page, CancellationToken aborted)
    {
        if (history is null || page.HistoryBelow <= 1)
        {
            return page;
        }

        IReadOnlyList<BoardMessage> older;
        if (query.After is { } after)
        {
            older = after + 1 < page.HistoryBelow ? await history.AfterAsync(query.Board, after, page.HistoryBelow, query.Limit, aborted) : [];
        }
        else
        {
            // The board's part reaches down to its history: the rest of the page is older still.
            var left = query.Limit - page.Messages.Length;
            var reachesHistory = page.Messages.IsEmpty || page.Messages[0].Id <= page.HistoryBelow;
            older = left > 0 && reachesHistory
                ? await history.BeforeAsync(query.Board, Math.Min(query.Before ?? long.MaxValue, page.HistoryBelow), left, aborted)
                : [];
        }

        if (older.Count == 0)
        {
            return page;
        }

        var shown = older.Select(message => page.HiddenInHistory.Contains(message.Id) ? message.AsRemoved() : message);
        return page with { Messages = [.. shown.Concat(page.Messages).Take(query.Limit)] };
    }

    /// <summary>
    /// Whether the page <paramref name="query"/> asks for lies wholly in the board's history, by the
    /// board's own <paramref name="answer"/>: every message on it is older than the board keeps in
    /// memory, so it changes only with a moderation change (<see cref="MessagesPage.Edits"/>).
    /// </summary>
    public static bool LiesInHistory(GetMessages query, MessagesPage answer) =>
        answer.HistoryBelow > 1
        && (query.After is { } after ? after + query.Limit < answer.HistoryBelow : (query.Before ?? long.MaxValue) <= answer.HistoryBelow);

    /// <summary>The message a board's <paramref name="lookup"/> left to its history, or the one it found.</summary>
    public static async Task<BoardMessage?> CompleteAsync(this BoardHistory? history, string board, long id, MessageLookup lookup, CancellationToken aborted) =>
        lookup.InHistory && history is not null && await history.FindAsync(board, id, aborted) is { } message
            ? lookup.Hidden ? message.AsRemoved() : message
            : lookup.Message;
}
