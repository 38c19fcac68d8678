namespace ActorBoard.Actors.Board;

/// <summary>
/// The keys of a board's recent posts and the message each one stored, so a post sent again is
/// answered with its first result instead of being stored twice. Bounded two ways: a key is
/// forgotten once its post is older than the window, and beyond the most keys the oldest goes first.
/// Only its board's store touches it, one message at a time.
/// </summary>
public sealed class RememberedKeys(TimeSpan window, int capacity)
{
    private readonly Dictionary<PostKey, long> _messageByKey = [];
    private readonly Queue<(PostKey Key, long MessageId, DateTimeOffset PostedAt)> _oldestFirst = new();

    public int Count => _messageByKey.Count;

    /// <summary>The id of the message stored under <paramref name="key"/>, if it is remembered.</summary>
    public bool TryFind(PostKey key, out long messageId) => _messageByKey.TryGetValue(key, out messageId);

    /// <summary>Remembers that <paramref name="key"/> stored message <paramref name="messageId"/> (a key already remembered keeps its first message).</summary>
    public void Remember(PostKey key, long messageId, DateTimeOffset postedAt)
    {
        if (key.IsNone || !_messageByKey.TryAdd(key, messageId))
        {
            return;
        }

        _oldestFirst.Enqueue((key, messageId, postedAt));
        while (_oldestFirst.Count > capacity || _oldestFirst.Peek().PostedAt < postedAt - window)
        {
            _messageByKey.Remove(_oldestFirst.Dequeue().Key);
        }
    }

    /// <summary>Every remembered key with its message, oldest first (what a snapshot keeps).</summary>
    public IReadOnlyList<(PostKey Key, long MessageId)> Entries() =>
        _oldestFirst.Select(entry => (entry.Key, entry.MessageId)).ToList();
}
