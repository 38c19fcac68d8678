using ActorBoard.Actors.Board;
using ActorBoard.Tests.Support;
using Akka.Actor;

namespace ActorBoard.Tests.Actors;

/// <summary>
/// A post sent again under the same <see cref="PostKey"/> (a client's retry, a form sent twice, the
/// server asking again after a lost answer) is stored once: every repeat gets the first one's
/// message, a repeat with other text is refused, and the board remembers keys across incarnations,
/// within a bounded window.
/// </summary>
public sealed class RepeatedPostSpecs : Akka.TestKit.Xunit2.TestKit
{
    private static readonly MessageStoreSettings Settings = new(SnapshotEvery: 1000, MaxPendingAppends: 1000);
    private static readonly PostKey Key = PostKey.From("api\nretry-42");
    private readonly TestClock _clock = TestClock.StartingAt("2026-11-25T12:00:00Z");

    public RepeatedPostSpecs(ITestOutputHelper output)
        : base(InMemoryJournal.Config, output: output)
    {
    }

    [Fact]
    public async Task A_repeat_with_the_same_key_and_text_gets_the_first_message_and_stores_nothing()
    {
        var store = Sys.ActorOf(MessageStore.Props(BoardName.Default, Settings, _clock));

        var first = await Append(store, "only once", Key);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var repeat = await Append(store, "only once", Key);

        Assert.Equal(first, repeat);
        Assert.Equal(["only once"], await Texts(store));
    }

    [Fact]
    public async Task A_repeat_with_the_same_key_and_other_text_is_refused_and_names_the_first_message()
    {
        var store = Sys.ActorOf(MessageStore.Props(BoardName.Default, Settings, _clock));
        var first = await Append(store, "the original", Key);

        store.Tell(new AppendMessage(BoardName.Default, "something else") { Key = Key });

        Assert.Equal(new KeyAlreadyUsed(first.Message.Id), await ExpectMsgAsync<KeyAlreadyUsed>());
        Assert.Equal(["the original"], await Texts(store));
    }

    [Fact]
    public async Task A_repeat_sent_before_the_first_is_committed_gets_the_same_message_once_it_is()
    {
        var store = Sys.ActorOf(MessageStore.Props(BoardName.Default, Settings, _clock));

        store.Tell(new AppendMessage(BoardName.Default, "sent twice at once") { Key = Key });
        store.Tell(new AppendMessage(BoardName.Default, "sent twice at once") { Key = Key });

        Assert.Equal(await ExpectMsgAsync<MessageAppended>(), await ExpectMsgAsync<MessageAppended>());
        Assert.Equal(["sent twice at once"], await Texts(store));
    }

    [Fact]
    public async Task Posts_without_a_key_or_with_different_keys_are_separate_posts()
    {
        var store = Sys.ActorOf(MessageStore.Props(BoardName.Default, Settings, _clock));

        await Append(store, "same text", PostKey.None);
        await Append(store, "same text", PostKey.None);
        await Append(store, "same text", PostKey.From("api\none"));
        await Append(store, "same text", PostKey.From("api\ntwo"));

        Assert.Equal(4, (await Texts(store)).Count);
    }

    [Theory]
    [InlineData(1000)] // recovered by replaying events
    [InlineData(1)] // recovered from a snapshot
    public async Task A_new_incarnation_remembers_the_keys_of_recent_posts(int snapshotEvery)
    {
        var settings = Settings with { SnapshotEvery = snapshotEvery };
        var first = Sys.ActorOf(MessageStore.Props(BoardName.Default, settings, _clock));
        var stored = await Append(first, "before the restart", Key);
        await Append(first, "another post", PostKey.From("api\nanother"));
        await Stop(first);

        var second = Sys.ActorOf(MessageStore.Props(BoardName.Default, settings, _clock));

        Assert.Equal(stored, await Append(second, "before the restart", Key));
        Assert.Equal(["before the restart", "another post"], await Texts(second));
    }

    [Fact]
    public async Task Keys_older_than_the_window_are_forgotten()
    {
        var store = Sys.ActorOf(MessageStore.Props(BoardName.Default, Settings with { KeyWindow = TimeSpan.FromHours(1) }, _clock));
        await Append(store, "an old post", Key);

        _clock.Advance(TimeSpan.FromHours(2));
        await Append(store, "a newer post", PostKey.From("api\nnewer"));
        var sentAgain = await Append(store, "an old post", Key);

        Assert.Equal(3, sentAgain.Message.Id);
    }

    [Fact]
    public async Task Beyond_its_most_keys_a_board_forgets_the_oldest_first()
    {
        var store = Sys.ActorOf(MessageStore.Props(BoardName.Default, Settings with { MaxKeys = 2 }, _clock));
        for (var i = 1; i <= 3; i++)
        {
            await Append(store, $"post {i}", PostKey.From($"api\nkey-{i}"));
        }

        Assert.Equal(3, (await Append(store, "post 3", PostKey.From("api\nkey-3"))).Message.Id);
        Assert.Equal(4, (await Append(store, "post 1", PostKey.From("api\nkey-1"))).Message.Id);
    }

    [Fact]
    public async Task A_stopping_board_takes_no_new_post_so_the_post_asked_again_is_stored_by_the_next_incarnation()
    {
        var first = Sys.ActorOf(MessageStore.Props(BoardName.Default, Settings, _clock));
        var late = new AppendMessage(BoardName.Default, "arrived while stopping") { Key = PostKey.From("api\nlate") };
        Watch(first);

        first.Tell(new AppendMessage(BoardName.Default, "in flight") { Key = Key });
        first.Tell(StopBoard.Instance);
        first.Tell(late);

        Assert.Equal("in flight", (await ExpectMsgAsync<MessageAppended>()).Message.Text);
        await ExpectTerminatedAsync(first);
        var second = Sys.ActorOf(MessageStore.Props(BoardName.Default, Settings, _clock));
        second.Tell(late);
        Assert.Equal(new BoardMessage(2, "arrived while stopping", _clock.GetUtcNow()), (await ExpectMsgAsync<MessageAppended>()).Message);
        Assert.Equal(["in flight", "arrived while stopping"], await Texts(second));
    }

    private async Task<MessageAppended> Append(IActorRef store, string text, PostKey key)
    {
        store.Tell(new AppendMessage(BoardName.Default, text) { Key = key });
        return await ExpectMsgAsync<MessageAppended>();
    }

    private async Task<List<string>> Texts(IActorRef store)
    {
        store.Tell(GetMessages.Newest(BoardName.Default, 100));
        return (await ExpectMsgAsync<MessagesPage>()).Messages.Select(m => m.Text).ToList();
    }

    private async Task Stop(IActorRef store)
    {
        Watch(store);
        Sys.Stop(store);
        await ExpectTerminatedAsync(store);
    }
}
