using System.Text;
using ActorBoard.Actors.Board;
using ActorBoard.Server.Input;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Net.Http.Headers;

namespace ActorBoard.Server.Page;

/// <summary>
/// A page rendered once, as the bytes sent for it, with the board version it shows, its entity tag,
/// and where in the bytes each response writes its own form token (<see cref="RenderedPageResult"/>).
/// </summary>
public sealed record RenderedPage(long Version, byte[] Utf8, EntityTagHeaderValue ETag, int TokenOffset);

/// <summary>
/// The newest page is what nearly every GET asks for, so each board's is rendered once per board
/// version and the bytes are shared by every request until the next post. Bounded: at most
/// <see cref="MaxBoards"/> boards' pages are kept, the least recently used going first, so memory
/// follows the boards being read, not the boards that exist.
/// </summary>
public sealed class RenderedPageCache : IDisposable
{
    /// <summary>Boards whose newest page is kept rendered.</summary>
    public const int MaxBoards = 1000;

    // Distinguishes this process's pages from an earlier run's: the same version number may
    // render differently after an upgrade.
    private readonly string _instance = Guid.NewGuid().ToString("N")[..8];
    private readonly MemoryCache _pages = new(new MemoryCacheOptions { SizeLimit = MaxBoards });

    // Holds the token's place in a cached page; every response overwrites it with a fresh token.
    private static readonly string TokenPlaceholder = new('-', PostKeys.TokenLength);
    private static readonly byte[] TokenMarkupUtf8 = Encoding.UTF8.GetBytes(BoardPage.TokenMarkup);

    /// <summary>The newest page of <paramref name="name"/>, as the store answered it, rendered at most once per version.</summary>
    public RenderedPage Newest(string name, MessagesPage board)
    {
        if (_pages.TryGetValue(name, out RenderedPage? cached) && cached!.Version >= board.Version)
        {
            return cached.Version == board.Version ? cached : Render(name, board);
        }

        var fresh = Render(name, board);
        _pages.Set(name, fresh, new MemoryCacheEntryOptions { Size = 1 });
        return fresh;
    }

    /// <summary>
    /// The entity tag of every page taken from this version of this board: weak, as each response
    /// carries a form token of its own, but the board shown is the same.
    /// </summary>
    public EntityTagHeaderValue ETagFor(string name, long version) => new($"\"{_instance}-{name}-{version}\"", isWeak: true);

    public void Dispose() => _pages.Dispose();

    private RenderedPage Render(string name, MessagesPage board)
    {
        var page = BoardPageModel.For(name, board, PageRequest.Newest);
        var utf8 = Encoding.UTF8.GetBytes(BoardPage.Render(page, FormState.WithToken(TokenPlaceholder)));
        var tokenOffset = utf8.AsSpan().IndexOf(TokenMarkupUtf8) + TokenMarkupUtf8.Length;
        return new RenderedPage(board.Version, utf8, ETagFor(name, board.Version), tokenOffset);
    }
}
