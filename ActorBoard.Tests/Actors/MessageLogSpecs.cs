using ActorBoard.Actors.Board;

namespace ActorBoard.Tests.Actors;

/// <summary>The store's append-only log: a view handed out never changes, whatever is appended after it.</summary>
public sealed class MessageLogSpecs
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Appending_returns_a_longer_log_and_leaves_the_earlier_view_as_it_was()
    {
        var earlier = MessageLog.From(Messages(1, 3));

        var later = earlier.Append(Messages(4, 2));

        Assert.Equal([1L, 2L, 3L], earlier.Select(m => m.Id));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], later.Select(m => m.Id));
        Assert.Throws<ArgumentOutOfRangeException>(() => earlier[3]);
    }

    [Fact]
    public void Views_taken_one_message_at_a_time_stay_as_they_were_while_the_first_chunk_grows()
    {
        var views = new List<MessageLog> { MessageLog.Empty };
        for (var id = 1; id <= 5_000; id++)
        {
            views.Add(views[^1].Append(Messages(id, 1)));
        }

        Assert.All(views, view => Assert.Equal(Enumerable.Range(1, view.Count).Select(i => (long)i), view.Select(m => m.Id)));
    }

    [Fact]
    public void Dropping_the_oldest_leaves_earlier_views_whole_and_appends_go_on_after_the_rest()
    {
        var whole = MessageLog.From(Messages(1, 10_000));

        var newest = whole.DropFirst(9_000);
        var longer = newest.Append(Messages(10_001, 5_000)).DropFirst(2_000);

        Assert.Equal(Enumerable.Range(1, 10_000).Select(i => (long)i), whole.Select(m => m.Id));
        Assert.Equal(Enumerable.Range(9_001, 1_000).Select(i => (long)i), newest.Select(m => m.Id));
        Assert.Equal(Enumerable.Range(11_001, 4_000).Select(i => (long)i), longer.Select(m => m.Id));
        Assert.Equal(11_001, longer[0].Id);
        Assert.Equal(13_500, longer.Replace(2_499, longer[2_499].AsRemoved())[2_499].Id);
    }

    [Fact]
    public void Messages_are_read_by_position_across_many_chunks()
    {
        var log = MessageLog.From(Messages(1, 20_000));

        Assert.Equal(20_000, log.Count);
        Assert.Equal(4096, log[4095].Id);
        Assert.Equal(4097, log[4096].Id);
        Assert.Equal(20_000, log[^1].Id);
        Assert.Equal(Enumerable.Range(9_001, 10).Select(i => (long)i), log.Slice(9_000, 10).Select(m => m.Id));
    }

    [Fact]
    public async Task A_reader_of_an_older_view_sees_the_same_messages_while_the_owner_appends()
    {
        var view = MessageLog.From(Messages(1, 5_000));
        var expected = view.Select(m => m.Id).ToList();

        var writer = Task.Run(() =>
        {
            var newest = view;
            for (var next = 5_001; next <= 60_000; next += 100)
            {
                newest = newest.Append(Messages(next, 100));
            }

            return newest;
        });
        while (!writer.IsCompleted)
        {
            Assert.Equal(expected, view.Select(m => m.Id));
        }

        Assert.Equal(60_000, (await writer).Count);
        Assert.Equal(expected, view.Select(m => m.Id));
    }

    private static IEnumerable<BoardMessage> Messages(int firstId, int count) =>
        Enumerable.Range(firstId, count).Select(id => new BoardMessage(id, $"message {id}", Noon));
}
