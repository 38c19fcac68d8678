using ActorBoard.Actors.Board;
using ActorBoard.Actors.Storage;
using ActorBoard.Tests.Support;
using Akka.Actor;
using Akka.TestKit;

namespace ActorBoard.Tests.Actors;

/// <summary>
/// What a board tells the list of boards (a <see cref="TestProbe"/> stands in for the node's
/// <see cref="BoardDirectoryWriter"/>), with Akka's scheduler replaced by TestKit's
/// <see cref="TestScheduler"/>: time passes only when the spec advances it.
/// </summary>
public sealed class BoardDirectoryReportSpecs(ITestOutputHelper output)
    : Akka.TestKit.Xunit2.TestKit(InMemoryJournal.Config + "\nakka.scheduler.implementation = \"Akka.TestKit.TestScheduler, Akka.TestKit\"", output: output)
{
    private static readonly MessageStoreSettings Settings = new(SnapshotEvery: 1000, MaxPendingAppends: 100);

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    [Fact]
    public async Task A_busy_board_reports_its_first_post_at_once_and_later_ones_together_once_the_interval_is_up()
    {
        var directory = CreateTestProbe();
        var store = Sys.ActorOf(MessageStore.Props("owls", Settings, TimeProvider.System, directory.Ref));

        await PostAsync(store, "first");
        Assert.Equal(1, (await directory.ExpectMsgAsync<BoardDirectoryWriter.BoardPosted>()).Board.Messages);
        await PostAsync(store, "second");
        await PostAsync(store, "third");
        await directory.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));

        Scheduler.Advance(BoardDirectoryWriter.FlushInterval);

        Assert.Equal(3, (await directory.ExpectMsgAsync<BoardDirectoryWriter.BoardPosted>()).Board.Messages);
    }

    [Fact]
    public async Task A_board_that_stops_reports_what_it_had_not_reported_yet()
    {
        var directory = CreateTestProbe();
        var store = Sys.ActorOf(MessageStore.Props("owls", Settings, TimeProvider.System, directory.Ref));
        await PostAsync(store, "first");
        await PostAsync(store, "second");
        Assert.Equal(1, (await directory.ExpectMsgAsync<BoardDirectoryWriter.BoardPosted>()).Board.Messages);

        Watch(store);
        store.Tell(StopBoard.Instance);
        await ExpectTerminatedAsync(store);

        Assert.Equal(2, (await directory.ExpectMsgAsync<BoardDirectoryWriter.BoardPosted>()).Board.Messages);
    }

    private async Task PostAsync(IActorRef store, string text)
    {
        store.Tell(new AppendMessage("owls", text));
        await ExpectMsgAsync<MessageAppended>();
    }
}
