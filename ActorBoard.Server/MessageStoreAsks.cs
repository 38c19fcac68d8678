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
    public static Task<BoardSnapshot> SnapshotAsync(this IRequiredActor<MessageStore> store, BoardOptions options, CancellationToken aborted) =>
        store.ActorRef.Ask<BoardSnapshot>(Snapshot.Instance, options.AskTimeout, aborted);

    public static Task<AppendReply> AppendAsync(this IRequiredActor<MessageStore> store, string text, BoardOptions options, CancellationToken aborted) =>
        store.ActorRef.Ask<AppendReply>(new AppendMessage(text), options.AskTimeout, aborted);
}
