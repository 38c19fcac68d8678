using System.Text;
using ActorBoard.Actors.Board;
using ActorBoard.Server.Input;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Net.Http.Headers;

namespace ActorBoard.Server.Page;

/// <summary>
/// A page rendered once, as the bytes sent for it, with the board version and moderation changes
/// (<see cref="MessagesPage.Edits"/>) it shows, its entity tag, and where in the bytes each response
/// writes its own form token (<see cref="RenderedPageResult"/>; -1 when the page has no form).
/// </summary>
public sealed record RenderedPage(long Version, long Edits, byte[] Utf8, EntityTagHeaderValue ETag, int TokenOffset);

/// <summary>
/// The newest page is what nearly every GET asks for, so each board's is rendered once per board
/// version (and moderation change) and the bytes are shared by every request until the next post.
/// A page that lies wholly in a board's history changes only with a moderation change, so it is
/// kept the same way, across posts (<see cref="InHistoryAsync"/>). Bounded in bytes: at most
/// <see cref="MaxBytes"/> of rendered pages are kept (a typical page is a few kilobytes, the largest,
/// fifty maximum-length messages of 4-byte characters, about 2.5 MB), the least recently used going
/// first, so memory follows the boards being read, not the boards that exist nor what they hold.
/// </summary>
public sealed class RenderedPageCache : IDisposable
{
    /// <summary>Bytes of rendered pages kept, all boards together.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    // Distinguishes this process's pages from an earlier run's: the same version number may
    // render differently after an upgrade.
    private readonly string _instance = Guid.NewGuid().ToString("N")[..8];
    private readonly MemoryCache _pages = new(new MemoryCacheOptions { SizeLimit = MaxBytes, TrackStatistics = true });

    // Holds the token's place in a cached page; every response overwrites it with a fresh token.
    private static readonly string TokenPlaceholder = new('-', PostKeys.TokenLength);
    private static readonly byte[] TokenMarkupUtf8 = Encoding.UTF8.GetBytes(BoardPage.TokenMarkup);

    /// <summary>The newest page of <paramref name="name"/>, as the store answered it, rendered at most once per version.</summary>
    public RenderedPage Newest(string name, MessagesPage board)
    {
        if (_pages.TryGetValue(name, out RenderedPage? cached) && (cached!.Version, cached.Edits).CompareTo((board.Version, board.Edits)) >= 0)
        {
            // An answer older than the page kept (asked before a later post) is rendered but not kept.
            return cached.Version == board.Version && cached.Edits == board.Edits ? cached : Render(name, board, PageRequest.Newest);
        }

        var fresh = Render(name, board, PageRequest.Newest);
        _pages.Set(name, fresh, new MemoryCacheEntryOptions { Size = fresh.Utf8.Length });
        return fresh;
    }

    /// <summary>
    /// A page of <paramref name="name"/> that lies wholly in its history (see <see cref="HistoryReads.LiesInHistory"/>),
    /// given the board's own <paramref name="answer"/>: read with <paramref name="read"/> and rendered once
    /// per moderation change of the board, then kept.
    /// </summary>
    public async Task<RenderedPage> InHistoryAsync(string name, PageRequest request, MessagesPage answer, Func<Task<MessagesPage>> read)
    {
        var key = $"{name}\n{request.Before}\n{request.After}";
        if (_pages.TryGetValue(key, out RenderedPage? cached) && cached!.Edits == answer.Edits)
        {
            return cached;
        }

        var page = await read();
        var fresh = Render(name, page, request);
        if (page.Edits == answer.Edits)
        {
            _pages.Set(key, fresh, new MemoryCacheEntryOptions { Size = fresh.Utf8.Length });
        }

        return fresh;
    }

    /// <summary>
    /// The entity tag of every page taken from this version of this board: weak, as each response
    /// carries a form token of its own, but the board shown is the same.
    /// </summary>
    public EntityTagHeaderValue ETagFor(string name, MessagesPage board) => new($"\"{_instance}-{name}-{board.Version}.{board.Edits}\"", isWeak: true);

    /// <summary>Bytes of rendered pages kept now.</summary>
    public long KeptBytes => _pages.GetCurrentStatistics()?.CurrentEstimatedSize ?? 0;

    public void Dispose() => _pages.Dispose();

    private RenderedPage Render(string name, MessagesPage board, PageRequest request)
    {
        var page = BoardPageModel.For(name, board, request);
        var utf8 = Encoding.UTF8.GetBytes(BoardPage.Render(page, FormState.WithToken(TokenPlaceholder)));
        var markup = utf8.AsSpan().IndexOf(TokenMarkupUtf8);
        var tokenOffset = markup < 0 ? -1 : markup + TokenMarkupUtf8.Length;
        return new RenderedPage(board.Version, board.Edits, utf8, ETagFor(name, board), tokenOffset);
    }
}
