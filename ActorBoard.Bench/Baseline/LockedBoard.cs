using System.Collections.Immutable;
using ActorBoard.Actors.Board;
using ActorBoard.Server.Page;

namespace ActorBoard.Bench.Baseline;

/// <summary>The board as most people would first write it: a list, and a lock around every use.</summary>
public sealed class LockedBoard
{
    private readonly Lock _gate = new();
    private readonly List<BoardMessage> _messages = [];

    public void Add(string text)
    {
        lock (_gate)
        {
            _messages.Add(new BoardMessage(_messages.Count + 1, text, DateTimeOffset.UtcNow));
        }
    }

    /// <summary>The newest page, copied out under the lock, in the same shape ActorBoard renders.</summary>
    public BoardPageModel NewestPage(int pageSize)
    {
        lock (_gate)
        {
            var start = Math.Max(0, _messages.Count - pageSize);
            var page = _messages.GetRange(start, _messages.Count - start).ToImmutableArray();
            return new BoardPageModel(page, _messages.Count, page.IsEmpty || start == 0 ? null : page[0].Id, null, IsNewest: true, BoardName.Default);
        }
    }
}
