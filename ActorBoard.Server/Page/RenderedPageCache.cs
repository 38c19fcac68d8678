using System.Text;
using ActorBoard.Actors;
using Microsoft.Net.Http.Headers;

namespace ActorBoard.Server;

/// <summary>A page rendered once, as the bytes sent for it, with the board version it shows and its entity tag.</summary>
public sealed record RenderedPage(long Version, byte[] Utf8, EntityTagHeaderValue ETag);

/// <summary>
/// The newest page is what nearly every GET asks for, so it is rendered once per board version
/// and the bytes are shared by every request until the next post. The cache is one immutable
/// <see cref="RenderedPage"/> swapped atomically: no lock, and a reader never sees half a page.
/// </summary>
public sealed class RenderedPageCache
{
    // Distinguishes this process's pages from an earlier run's: the same version number may
    // render differently after an upgrade.
    private readonly string _instance = Guid.NewGuid().ToString("N")[..8];
    private RenderedPage? _newest;

    /// <summary>The newest page, as the store answered it, rendered at most once per version.</summary>
    public RenderedPage Newest(MessagesPage board)
    {
        var cached = Volatile.Read(ref _newest);
        if (cached is not null && cached.Version == board.Version)
        {
            return cached;
        }

        var page = BoardPageModel.For(board, PageRequest.Newest);
        var fresh = new RenderedPage(board.Version, Encoding.UTF8.GetBytes(BoardPage.Render(page, FormState.Blank)), ETagFor(board.Version));
        while (cached is null || cached.Version < fresh.Version)
        {
            var seen = Interlocked.CompareExchange(ref _newest, fresh, cached);
            if (ReferenceEquals(seen, cached))
            {
                break;
            }

            cached = seen;
        }

        return fresh;
    }

    /// <summary>The entity tag of every page taken from this board version.</summary>
    public EntityTagHeaderValue ETagFor(long version) => new($"\"{_instance}-{version}\"");
}
