using ActorBoard.Actors.Board;
using ActorBoard.Actors.Serialization;
using ActorBoard.Tests.Support;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;

namespace ActorBoard.Tests.Actors;

/// <summary>
/// Nothing a board says is too big to cross between nodes (Akka.Remote drops a message over its
/// frame without telling the asker): a page of long messages comes in parts, each within
/// <see cref="WireBudget"/>, that together hold the whole page; a large commit reaches live readers
/// in batches that each fit. The longest message the server accepts (16,379 four-byte characters)
/// is what the specs post.
/// </summary>
public sealed class WireBudgetSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(SerializingSetup, "wire-budget-spec", output)
{
    private const string Board = "long-posts";
    private static readonly string Longest = string.Concat(Enumerable.Repeat("🎉", 16_379));

    private static ActorSystemSetup SerializingSetup =>
        BootstrapSetup.Create()
            .WithConfig(ConfigurationFactory.ParseString(InMemoryJournal.Config + "\nakka.actor.serialize-messages = on"))
            .And(BoardSerialization.Setup);

    [Fact]
    public async Task A_page_of_long_messages_comes_in_parts_that_each_fit_a_frame_and_together_hold_the_page()
    {
        var store = await StoreWith(messages: 12);

        var parts = await AskWholePage(store, new GetMessages(Board, After: 0, Before: null, Limit: 1000));

        Assert.True(parts.Count > 1, $"A page of twelve 64 KB messages came as {parts.Count} answer(s).");
        Assert.All(parts, part => Assert.InRange(WireBytes(part), 1, WireBudget.MaximumFrameBytes - 1));
        Assert.Equal(Enumerable.Range(1, 12).Select(id => (long)id), parts.SelectMany(part => part.Messages).Select(m => m.Id));
    }

    [Fact]
    public async Task The_newest_page_comes_newest_part_first_and_joins_into_the_newest_messages_oldest_first()
    {
        var store = await StoreWith(messages: 12);

        var parts = await AskWholePage(store, GetMessages.Newest(Board, 5));
        var page = await GetMessages.Newest(Board, 5).AskWholeAsync(part => store.Ask<MessagesPage>(part, RemainingOrDefault));

        Assert.Equal(12, parts[0].Messages[^1].Id);
        Assert.Equal([8L, 9, 10, 11, 12], page.Messages.Select(m => m.Id));
        Assert.All(parts, part => Assert.InRange(WireBytes(part), 1, WireBudget.MaximumFrameBytes - 1));
    }

    [Fact]
    public async Task A_commit_of_many_long_messages_reaches_a_subscriber_in_batches_that_each_fit_a_frame()
    {
        var store = Sys.ActorOf(MessageStore.Props(Board, new MessageStoreSettings(SnapshotEvery: 1000, MaxPendingAppends: 100), TimeProvider.System));
        var subscriber = CreateTestProbe();
        store.Tell(new SubscribeToBoard(Board, subscriber.Ref));
        await ExpectMsgAsync<Subscribed>();

        // Sent without waiting: while the first is written the others queue and go out as one event.
        for (var i = 0; i < 6; i++)
        {
            store.Tell(new AppendMessage(Board, Longest));
        }

        var batches = new List<MessagesCommitted>();
        while (batches.Sum(batch => batch.Messages.Length) < 6)
        {
            batches.Add(await subscriber.ExpectMsgAsync<MessagesCommitted>());
        }

        Assert.All(batches, batch => Assert.InRange(WireBytes(batch), 1, WireBudget.MaximumFrameBytes - 1));
        Assert.Equal([1L, 2, 3, 4, 5, 6], batches.SelectMany(batch => batch.Messages).Select(m => m.Id));
    }

    private async Task<IActorRef> StoreWith(int messages)
    {
        var store = Sys.ActorOf(MessageStore.Props(Board, new MessageStoreSettings(SnapshotEvery: 1000, MaxPendingAppends: 100), TimeProvider.System));
        for (var i = 0; i < messages; i++)
        {
            store.Tell(new AppendMessage(Board, Longest));
            await ExpectMsgAsync<MessageAppended>();
        }

        return store;
    }

    /// <summary>Asks <paramref name="query"/>, then its remainder, until the page is whole; every answer, in the order received.</summary>
    private async Task<List<MessagesPage>> AskWholePage(IActorRef store, GetMessages query)
    {
        var parts = new List<MessagesPage>();
        for (GetMessages? next = query; next is not null; next = next.Remainder(parts[^1]))
        {
            store.Tell(next);
            parts.Add(await ExpectMsgAsync<MessagesPage>());
        }

        return parts;
    }

    private int WireBytes(object message) => Sys.Serialization.FindSerializerFor(message).ToBinary(message).Length;
}
