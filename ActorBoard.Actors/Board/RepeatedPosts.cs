using ActorBoard.Actors.Telemetry;
using Akka.Actor;

namespace ActorBoard.Actors.Board;

/// <summary>
/// A board's answers to posts sent again under a key it remembers (<see cref="AppendMessage.Key"/>):
/// the keys and the message each stored (<see cref="Keys"/>), and the senders of repeats waiting
/// for their first post's commit. A collaborator of one <see cref="MessageStore"/>, touched only
/// inside its handlers, like the rest of the store's state.
/// </summary>
public sealed class RepeatedPosts(TimeSpan window, int maxKeys)
{
    // Repeats of a post that is not committed yet, by message id: answered together with it.
    private readonly Dictionary<long, List<IActorRef>> _waiting = [];

    public RememberedKeys Keys { get; } = new(window, maxKeys);

    /// <summary>Every sender still waiting for a repeat's answer.</summary>
    public IEnumerable<IActorRef> Waiting => _waiting.Values.SelectMany(senders => senders);

    /// <summary>
    /// Answers <paramref name="repeat"/>, whose key first stored message <paramref name="firstId"/>
    /// (<paramref name="first"/>, if the board still has it): that message once it is
    /// <paramref name="committed"/>, <see cref="KeyAlreadyUsed"/> if the text differs; nothing is stored.
    /// </summary>
    public void Answer(AppendMessage repeat, long firstId, BoardMessage? first, bool committed, IActorRef sender)
    {
        if (first is null || first.Text != repeat.Text)
        {
            sender.Tell(new KeyAlreadyUsed(firstId));
            return;
        }

        BoardMetrics.RepeatsAnswered.Add(1);
        if (committed)
        {
            sender.Tell(new MessageAppended(first));
        }
        else if (_waiting.TryGetValue(firstId, out var senders))
        {
            senders.Add(sender);
        }
        else
        {
            _waiting[firstId] = [sender];
        }
    }

    /// <summary>Remembers the keys of <paramref name="posted"/>'s messages (a commit, or an event replayed).</summary>
    public void Remember(MessagesPosted posted)
    {
        for (var i = 0; i < posted.Messages.Length; i++)
        {
            Keys.Remember(posted.KeyAt(i), posted.Messages[i].Id, posted.Messages[i].PostedAt);
        }
    }

    /// <summary>
    /// Remembers the keys a snapshot kept, of the messages <paramref name="board"/> still holds. A key
    /// of a message only in the board's history is remembered from the time of the oldest message
    /// in memory, which is later than its own: it is kept a little longer, never shorter.
    /// </summary>
    public void Restore(IEnumerable<(PostKey Key, long MessageId)> keys, BoardView board)
    {
        foreach (var (key, messageId) in keys)
        {
            if (board.Find(messageId) is { } message)
            {
                Keys.Remember(key, messageId, message.PostedAt);
            }
            else if (messageId < board.HistoryBelow)
            {
                Keys.Remember(key, messageId, board.Messages[0].PostedAt);
            }
        }
    }

    /// <summary>The message is committed: every repeat waiting for it gets the same answer as its first post.</summary>
    public void Committed(MessageAppended appended)
    {
        if (_waiting.Remove(appended.Message.Id, out var repeats))
        {
            repeats.ForEach(repeat => repeat.Tell(appended));
        }
    }
}
