using ActorBoard.Actors.Board;
using ActorBoard.Actors.Cluster;
using ActorBoard.Actors.Hosting;
using ActorBoard.Actors.Storage;
using ActorBoard.Tests.Support;
using Akka.Actor;

namespace ActorBoard.Tests.Actors;

/// <summary>
/// The production supervision: when the store stops (as Akka.Persistence stops it after a failed
/// journal write) it is started again after a pause and recovers everything from the journal; a
/// store that throws is stopped the same way, never restarted at once.
/// </summary>
public sealed class StoreSupervisionSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(InMemoryJournal.Config, output: output)
{
    private static readonly BoardNodeSettings Settings = new(
        new MemoryStorage(),
        new MessageStoreSettings(SnapshotEvery: 1000, MaxPendingAppends: 1000),
        MinRestartBackoff: TimeSpan.FromMilliseconds(50),
        MaxRestartBackoff: TimeSpan.FromMilliseconds(500),
        BoardClusterSettings.SingleNode);

    [Fact]
    public async Task A_stopped_store_is_started_again_with_every_acknowledged_message()
    {
        var supervisor = Sys.ActorOf(BoardRegionHosting.SupervisedProps(BoardName.Default, Settings, TimeProvider.System));
        supervisor.Tell(new AppendMessage(BoardName.Default, "before the stop"));
        await ExpectMsgAsync<MessageAppended>();
        var store = await Sys.ActorSelection(supervisor.Path / BoardRegionHosting.StoreChildName).ResolveOne(RemainingOrDefault);

        Watch(store);
        store.Tell(PoisonPill.Instance);
        await ExpectTerminatedAsync(store);

        await AwaitAssertAsync(async () =>
        {
            var probe = CreateTestProbe();
            probe.Send(supervisor, new AppendMessage(BoardName.Default, "after the restart"));
            await probe.ExpectMsgAsync<MessageAppended>(TimeSpan.FromMilliseconds(200));
        });
        supervisor.Tell(new GetMessages(BoardName.Default, After: 0, Before: null, Limit: 100));
        var board = await ExpectMsgAsync<MessagesPage>();
        Assert.Equal("before the stop", board.Messages[0].Text);
        Assert.Equal("after the restart", board.Messages[^1].Text);
    }

    [Fact]
    public async Task A_store_that_throws_is_stopped_to_be_started_after_a_pause_rather_than_restarted_at_once()
    {
        var starts = CreateTestProbe();
        var supervisor = Sys.ActorOf(BoardRegionHosting.Supervised(Props.Create(() => new Failing(starts.Ref)), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1)));
        var first = await starts.ExpectMsgAsync<IActorRef>();
        Watch(first);

        supervisor.Tell("fail");

        // A restart keeps the same actor; a stop ends it, and the back-off starts a new one later.
        await ExpectTerminatedAsync(first);
        Assert.NotEqual(first, await starts.ExpectMsgAsync<IActorRef>());
    }

    /// <summary>Tells <c>starts</c> each time it starts, and throws on every message, as a deterministic fault would.</summary>
    private sealed class Failing : ReceiveActor
    {
        public Failing(IActorRef starts)
        {
            starts.Tell(Self);
            ReceiveAny(_ => throw new InvalidOperationException("a fault that repeats itself"));
        }
    }
}
