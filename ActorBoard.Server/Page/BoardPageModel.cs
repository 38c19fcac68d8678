using System.Collections.Immutable;
using ActorBoard.Actors.Board;

namespace ActorBoard.Server.Page;

/// <summary>Which page of the board a GET asks for: the newest, older than an id, or newer than one.</summary>
public sealed record PageRequest(long? Before, long? After)
{
    public static readonly PageRequest Newest = new(null, null);

    public bool IsNewest => Before is null && After is null;
}

/// <summary>
/// One page of the board, oldest message first, with where its links lead. The store answers
/// a page at a time: a binary search and a page-sized copy, whatever the size of the board.
/// </summary>
/// <param name="Messages">The messages on this page, oldest first.</param>
/// <param name="Version">The board version the page was taken from.</param>
/// <param name="OlderBefore">Target of the "older messages" link (<c>/?before=</c>), or null on the oldest page.</param>
/// <param name="NewerAfter">Target of the "newer messages" link (<c>/?after=</c>), or null on the newest page.</param>
/// <param name="IsNewest">True when the page ends with the newest message: live updates belong here.</param>
/// <param name="Board">The board's name, which its links lead back to.</param>
public sealed record BoardPageModel(ImmutableArray<BoardMessage> Messages, long Version, long? OlderBefore, long? NewerAfter, bool IsNewest, string Board)
{
    /// <summary>The operator closed the board: the page shows so instead of the form.</summary>
    public bool Closed { get; init; }

    /// <summary>The store's query for this page.</summary>
    public static GetMessages Query(string board, PageRequest request, int pageSize) => new(board, request.After, request.Before, pageSize);

    /// <summary>The page the store answered for <paramref name="request"/>, with its links.</summary>
    public static BoardPageModel For(string name, MessagesPage board, PageRequest request)
    {
        var messages = board.Messages;
        var firstOnBoard = board.FirstId;
        long? older = messages.IsEmpty
            ? (request.After is { } a && a >= firstOnBoard && firstOnBoard > 0 ? a + 1 : null)
            : messages[0].Id > firstOnBoard ? messages[0].Id : null;
        var lastShown = messages.IsEmpty ? (request.Before ?? long.MaxValue) - 1 : messages[^1].Id;
        var isNewest = lastShown >= board.Version;
        return new BoardPageModel(messages, board.Version, older, isNewest ? null : lastShown, isNewest, name) { Closed = board.Closed };
    }
}
