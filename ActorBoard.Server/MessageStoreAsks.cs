using ActorBoard.Actors;
using Akka.Actor;
using Akka.Hosting;

namespace ActorBoard.Server;

/// <summary>
/// The two questions endpoints put to the store. Each carries <see cref="BoardOptions.AskTimeout"/>
/// (a bare Ask would wait forever) and the request's abort token.
/// </summary>
public static class MessageStoreAsks
{
    public static async Task<BoardSnapshot> SnapshotAsync(this IRequiredActor<MessageStore> store, BoardOptions options, CancellationToken aborted)
    {
        using var span = BoardTracing.Source.StartActivity("MessageStore snapshot");
        return await store.ActorRef.Ask<BoardSnapshot>(Snapshot.Instance, options.AskTimeout, aborted);
    }

    /// <summary>Asks the store to append; when traced, the store's journal commit is recorded under this span.</summary>
    public static async Task<AppendReply> AppendAsync(this IRequiredActor<MessageStore> store, string text, BoardOptions options, CancellationToken aborted)
    {
        using var span = BoardTracing.Source.StartActivity("MessageStore append");
        return await store.ActorRef.Ask<AppendReply>(new AppendMessage(text) { Trace = span?.Context ?? default }, options.AskTimeout, aborted);
    }
}
