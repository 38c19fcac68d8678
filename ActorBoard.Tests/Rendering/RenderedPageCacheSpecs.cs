using System.Collections.Immutable;
using ActorBoard.Actors.Board;
using ActorBoard.Server.Page;

namespace ActorBoard.Tests.Rendering;

/// <summary>The rendered pages kept are bounded in bytes, whatever the boards hold: memory follows what is read, not what was posted.</summary>
public sealed class RenderedPageCacheSpecs
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Pages_of_the_largest_messages_on_many_boards_are_kept_within_the_byte_bound()
    {
        using var cache = new RenderedPageCache();
        var longest = string.Concat(Enumerable.Repeat("🦉", 16_379));
        var page = new MessagesPage(50, 1, [.. Enumerable.Range(1, 50).Select(id => new BoardMessage(id, longest, Noon))]);

        var onePage = cache.Newest("owls-0", page).Utf8.Length;
        for (var board = 1; board < 40; board++)
        {
            Assert.Equal(50, cache.Newest($"owls-{board}", page).Version);
        }

        // Forty pages of about 2.5 MB each were asked for; the cache counts their bytes and let go of what did not fit.
        Assert.True(onePage * 40L > RenderedPageCache.MaxBytes);
        Assert.InRange(cache.KeptBytes, onePage, RenderedPageCache.MaxBytes);
    }
}
