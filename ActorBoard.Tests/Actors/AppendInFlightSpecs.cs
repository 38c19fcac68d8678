using ActorBoard.Actors.Board;
using ActorBoard.Tests.Support;
using Akka.Actor;

namespace ActorBoard.Tests.Actors;

/// <summary>
/// What a board answers while an append waits for the journal, with the journal's write held at a
/// gate (<see cref="GatedJournal"/>) for exactly as long as the spec needs: reads do not wait, and
/// they show committed messages only.
/// </summary>
public sealed class AppendInFlightSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(GatedJournal.Config, output: output)
{
    private static readonly MessageStoreSettings Settings = new(SnapshotEvery: 1000, MaxPendingAppends: 10_000);

    [Fact]
    public async Task A_page_is_answered_at_once_with_committed_messages_only_while_an_append_waits_for_the_journal()
    {
        var store = Sys.ActorOf(MessageStore.Props(BoardName.Default, Settings, TimeProvider.System));
        store.Tell(new AppendMessage(BoardName.Default, "committed"));
        await ExpectMsgAsync<MessageAppended>();

        GatedJournal.Close();
        try
        {
            store.Tell(new AppendMessage(BoardName.Default, "in flight"));
            store.Tell(GetMessages.Newest(BoardName.Default, 10));

            var page = await ExpectMsgAsync<MessagesPage>(); // before the append's answer: it is still waiting
            Assert.Equal(["committed"], page.Messages.Select(m => m.Text));
            Assert.Equal(1, page.Version);
        }
        finally
        {
            GatedJournal.Open();
        }

        Assert.Equal("in flight", (await ExpectMsgAsync<MessageAppended>()).Message.Text);
        store.Tell(GetMessages.Newest(BoardName.Default, 10));
        Assert.Equal(["committed", "in flight"], (await ExpectMsgAsync<MessagesPage>()).Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task Posts_that_arrive_while_a_write_is_held_wait_behind_it_and_are_answered_in_the_order_they_came()
    {
        var store = Sys.ActorOf(MessageStore.Props(BoardName.Default, Settings, TimeProvider.System));
        GatedJournal.Close();
        try
        {
            foreach (var text in new[] { "held", "waiting 1", "waiting 2" })
            {
                store.Tell(new AppendMessage(BoardName.Default, text));
            }

            // The read comes after the three posts in the mailbox, and nothing is committed yet.
            store.Tell(GetMessages.Newest(BoardName.Default, 10));
            Assert.Equal(0, (await ExpectMsgAsync<MessagesPage>()).Version);
        }
        finally
        {
            GatedJournal.Open();
        }

        // One deadline for the three answers: the held write, then the two that waited behind it.
        var ids = await WithinAsync(TimeSpan.FromSeconds(10), async () =>
            new[] { await ExpectMsgAsync<MessageAppended>(), await ExpectMsgAsync<MessageAppended>(), await ExpectMsgAsync<MessageAppended>() }
                .Select(appended => appended.Message.Id).ToList());
        Assert.Equal([1L, 2L, 3L], ids);
    }
}
