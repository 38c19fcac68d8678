using ActorBoard.Actors.Board;
using ActorBoard.Tests.Support;
using Akka.Actor;
using Akka.Event;

namespace ActorBoard.Tests.Actors;

/// <summary>
/// The store as an actor, on Akka's in-memory journal: what it answers, in what order,
/// and what it remembers across incarnations and crashes.
/// </summary>
public sealed class MessageStoreSpecs : Akka.TestKit.Xunit2.TestKit
{
    private static readonly MessageStoreSettings Settings = new(SnapshotEvery: 1000, MaxPendingAppends: 100_000);
    private readonly TestClock _clock = TestClock.StartingAt("2026-11-23T12:00:00Z");

    public MessageStoreSpecs(ITestOutputHelper output)
        : base(InMemoryJournal.Config, output: output)
    {
    }

    [Fact]
    public async Task Append_is_acknowledged_with_the_stored_message_and_its_id()
    {
        var store = Sys.ActorOf(MessageStore.Props(BoardName.Default, Settings, _clock));

        store.Tell(new AppendMessage(BoardName.Default, "Hello, board"));

        var appended = await ExpectMsgAsync<MessageAppended>();
        Assert.Equal(new BoardMessage(1, "Hello, board", _clock.GetUtcNow()), appended.Message);
    }

    [Fact]
    public void Each_board_numbers_its_own_messages_so_two_boards_both_answer_with_id_1()
    {
        var owls = Sys.ActorOf(MessageStore.Props("owls", Settings, _clock));
        var bats = Sys.ActorOf(MessageStore.Props("bats", Settings, _clock));

        owls.Tell(new AppendMessage("owls", "hoot"));
        bats.Tell(new AppendMessage("bats", "squeak"));

        // Two actors answer one sender: their answers may come in either order.
        ExpectMsgAllOf<MessageAppended>([new(new BoardMessage(1, "hoot", _clock.GetUtcNow())), new(new BoardMessage(1, "squeak", _clock.GetUtcNow()))]);
    }

    [Fact]
    public async Task A_late_answer_to_an_asker_that_gave_up_is_expected_and_no_dead_letter()
    {
        var store = Sys.ActorOf(MessageStore.Props(BoardName.Default, Settings, _clock));
        var gaveUp = CreateTestProbe();
        Watch(gaveUp.Ref);
        Sys.Stop(gaveUp.Ref);
        await ExpectTerminatedAsync(gaveUp.Ref);
        Sys.EventStream.Subscribe(TestActor, typeof(AllDeadLetters));

        store.Tell(GetMessages.Newest(BoardName.Default, 10), gaveUp.Ref);

        // Akka still publishes it, as suppressed: nothing is logged as "not delivered".
        var late = await ExpectMsgAsync<SuppressedDeadLetter>();
        Assert.IsType<MessagesPage>(late.Message);
    }

    [Fact]
    public async Task A_full_board_refuses_more_posts_naming_its_limit_and_stays_readable()
    {
        var store = Sys.ActorOf(MessageStore.Props(BoardName.Default, Settings with { MaxMessages = 2 }, _clock));
        foreach (var text in new[] { "one", "two" })
        {
            store.Tell(new AppendMessage(BoardName.Default, text));
            await ExpectMsgAsync<MessageAppended>();
        }

        store.Tell(new AppendMessage(BoardName.Default, "three"));
        Assert.Equal(new BoardFull(2), await ExpectMsgAsync<BoardFull>());

        store.Tell(GetMessages.Newest(BoardName.Default, 10));
        Assert.Equal(["one", "two"], (await ExpectMsgAsync<MessagesPage>()).Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task The_board_lists_messages_oldest_first_with_increasing_ids()
    {
        var store = Sys.ActorOf(MessageStore.Props(BoardName.Default, Settings, _clock));
        foreach (var text in new[] { "first", "second", "third" })
        {
            store.Tell(new AppendMessage(BoardName.Default, text));
            await ExpectMsgAsync<MessageAppended>();
            _clock.Advance(TimeSpan.FromMinutes(1));
        }

        var board = await WholeBoard(store);

        Assert.Equal(["first", "second", "third"], board.Messages.Select(m => m.Text));
        Assert.Equal([1L, 2L, 3L], board.Messages.Select(m => m.Id));
        Assert.Equal(3, board.Version);
        Assert.True(board.Messages[0].PostedAt < board.Messages[2].PostedAt);
    }

    [Fact]
    public async Task A_page_holds_at_most_its_limit_and_says_where_the_board_starts_and_ends()
    {
        var store = Sys.ActorOf(MessageStore.Props(BoardName.Default, Settings, _clock));
        for (var i = 1; i <= 5; i++)
        {
            store.Tell(new AppendMessage(BoardName.Default, $"message {i}"));
            await ExpectMsgAsync<MessageAppended>();
        }

        store.Tell(GetMessages.Newest(BoardName.Default, 2));
        var newest = await ExpectMsgAsync<MessagesPage>();
        store.Tell(new GetMessages(BoardName.Default, After: 1, Before: null, Limit: 2));
        var afterFirst = await ExpectMsgAsync<MessagesPage>();
        store.Tell(new GetMessages(BoardName.Default, After: null, Before: 3, Limit: 10));
        var beforeThird = await ExpectMsgAsync<MessagesPage>();

        Assert.Equal([4L, 5L], newest.Messages.Select(m => m.Id));
        Assert.Equal((5L, 1L), (newest.Version, newest.FirstId));
        Assert.Equal([2L, 3L], afterFirst.Messages.Select(m => m.Id));
        Assert.Equal([1L, 2L], beforeThird.Messages.Select(m => m.Id));
    }

    [Fact]
    public async Task A_message_is_looked_up_by_its_id()
    {
        var store = Sys.ActorOf(MessageStore.Props(BoardName.Default, Settings, _clock));
        store.Tell(new AppendMessage(BoardName.Default, "findable"));
        await ExpectMsgAsync<MessageAppended>();

        store.Tell(new GetMessage(BoardName.Default, 1));
        Assert.Equal("findable", (await ExpectMsgAsync<MessageLookup>()).Message?.Text);
        store.Tell(new GetMessage(BoardName.Default, 2));
        Assert.Null((await ExpectMsgAsync<MessageLookup>()).Message);
    }

    [Fact]
    public async Task A_new_incarnation_recovers_every_message_from_the_journal()
    {
        var first = Sys.ActorOf(MessageStore.Props(BoardName.Default, Settings, _clock));
        first.Tell(new AppendMessage(BoardName.Default, "one"));
        first.Tell(new AppendMessage(BoardName.Default, "two"));
        await ExpectMsgAsync<MessageAppended>();
        await ExpectMsgAsync<MessageAppended>();
        Watch(first);
        Sys.Stop(first);
        await ExpectTerminatedAsync(first);

        var second = Sys.ActorOf(MessageStore.Props(BoardName.Default, Settings, _clock));
        second.Tell(new AppendMessage(BoardName.Default, "three"));
        Assert.Equal(3, (await ExpectMsgAsync<MessageAppended>()).Message.Id);

        var board = await WholeBoard(second);
        Assert.Equal(["one", "two", "three"], board.Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task Recovery_from_a_snapshot_plus_later_events_restores_the_whole_board()
    {
        var settings = Settings with { SnapshotEvery = 2 };
        var first = Sys.ActorOf(MessageStore.Props(BoardName.Default, settings, _clock));
        for (var i = 1; i <= 5; i++)
        {
            first.Tell(new AppendMessage(BoardName.Default, $"message {i}"));
            await ExpectMsgAsync<MessageAppended>();
        }

        Watch(first);
        Sys.Stop(first);
        await ExpectTerminatedAsync(first);

        var second = Sys.ActorOf(MessageStore.Props(BoardName.Default, settings, _clock));

        var board = await WholeBoard(second);
        Assert.Equal(Enumerable.Range(1, 5).Select(i => $"message {i}"), board.Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task A_crash_inside_the_store_loses_nothing_that_was_acknowledged()
    {
        var store = Sys.ActorOf(MessageStore.Props(BoardName.Default, Settings, _clock));
        store.Tell(new AppendMessage(BoardName.Default, "kept 1"));
        store.Tell(new AppendMessage(BoardName.Default, "kept 2"));
        await ExpectMsgAsync<MessageAppended>();
        await ExpectMsgAsync<MessageAppended>();

        _clock.FailNextRead();
        await EventFilter.Exception<ClockFailure>().ExpectOneAsync(() =>
        {
            store.Tell(new AppendMessage(BoardName.Default, "lost in the crash"));
            return Task.CompletedTask;
        });

        // The default supervisor restarted the store; it recovered from the journal and goes on.
        store.Tell(new AppendMessage(BoardName.Default, "kept 3"));
        Assert.Equal(3, (await ExpectMsgAsync<MessageAppended>()).Message.Id);
        var board = await WholeBoard(store);
        Assert.Equal(["kept 1", "kept 2", "kept 3"], board.Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task Many_concurrent_senders_lose_nothing_and_get_unique_contiguous_ids()
    {
        const int senders = 32;
        const int appendsEach = 100;
        var store = Sys.ActorOf(MessageStore.Props(BoardName.Default, Settings, _clock));
        var probes = Enumerable.Range(0, senders).Select(_ => CreateTestProbe()).ToList();

        var replies = await Task.WhenAll(probes.Select((probe, sender) => Task.Run(async () =>
        {
            for (var i = 0; i < appendsEach; i++)
            {
                probe.Send(store, new AppendMessage(BoardName.Default, $"sender {sender} message {i}"));
            }

            var ids = new List<long>();
            for (var i = 0; i < appendsEach; i++)
            {
                var appended = await probe.ExpectMsgAsync<MessageAppended>();
                Assert.Equal($"sender {sender} message {i}", appended.Message.Text);
                ids.Add(appended.Message.Id);
            }

            return ids;
        })));

        var allIds = replies.SelectMany(ids => ids).Order().ToList();
        Assert.Equal(Enumerable.Range(1, senders * appendsEach).Select(i => (long)i), allIds);
        var board = await WholeBoard(store);
        Assert.Equal(allIds, board.Messages.Select(m => m.Id));
        Assert.Equal(senders * appendsEach, board.Messages.Select(m => m.Text).Distinct().Count());
    }

    /// <summary>Every message on the board, as one page.</summary>
    /// <summary>Every message, asked for in as many answers as the wire budget takes.</summary>
    private Task<MessagesPage> WholeBoard(IActorRef store) =>
        new GetMessages(BoardName.Default, After: 0, Before: null, Limit: int.MaxValue).AskWholeAsync(part => store.Ask<MessagesPage>(part, RemainingOrDefault));
}
