namespace ActorBoard.Bench.Race;

/// <summary>The usual fix: the same list, every access inside one lock.</summary>
public sealed class LockedListStore : IBoardStore
{
    private readonly Lock _gate = new();
    private readonly List<string> _messages = [];

    public string Name => "lock + List<string>";

    public string Guard => "a lock";

    public ValueTask AppendAsync(string text)
    {
        lock (_gate)
        {
            _messages.Add(text);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<string?>> SnapshotAsync()
    {
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<string?>>(_messages.ToArray());
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
